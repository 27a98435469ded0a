// One-shot listing of a seed's control planes (the fleet model watches the
// same objects and calls derivePhase itself).
import type { V1Deployment, V1Namespace, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { connectSeed, ensureReachable } from '../kube/client';
import { annotations, labels, type SeedConfig } from '../seeds';
import { getAdminKubeConfig } from './access';
import { specFromNamespace } from './manifests/namespace';
import { derivePhase, type ProbeResult } from './phase';
import { probeApiserver } from './probe';
import type { ControlPlaneSummary } from './types';

export async function listControlPlanes(seed: SeedConfig, opts: { probe?: boolean } = {}): Promise<ControlPlaneSummary[]> {
  const c = connectSeed(seed);
  await ensureReachable(c, `The seed "${seed.name}"`);
  const selector = labels.controlPlane;
  const [nss, pods, sts, deps] = await Promise.all([
    c.core.listNamespace({ labelSelector: selector }),
    c.core.listPodForAllNamespaces({ labelSelector: selector }),
    c.apps.listStatefulSetForAllNamespaces({ labelSelector: selector }),
    c.apps.listDeploymentForAllNamespaces({ labelSelector: selector }),
  ]);
  const inNs = <T extends { metadata?: { namespace?: string } }>(items: T[], ns: string): T[] => items.filter((i) => i.metadata?.namespace === ns);
  const out: ControlPlaneSummary[] = [];
  for (const ns of nss.items) {
    const summary = await summarise(seed, ns, inNs(pods.items, ns.metadata!.name!), inNs(sts.items, ns.metadata!.name!), inNs(deps.items, ns.metadata!.name!), opts.probe ?? false);
    if (summary) out.push(summary);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function summarise(
  seed: SeedConfig,
  ns: V1Namespace,
  pods: V1Pod[],
  statefulSets: V1StatefulSet[],
  deployments: V1Deployment[],
  probe: boolean,
): Promise<ControlPlaneSummary | undefined> {
  const spec = specFromNamespace(ns);
  const name = ns.metadata?.labels?.[labels.controlPlane];
  if (!spec || !name) return undefined;
  let probeResult: ProbeResult | undefined;
  if (probe && ns.metadata?.annotations?.[annotations.endpoint]) {
    probeResult = await getAdminKubeConfig(seed, name).then(
      (kc) => probeApiserver(kc, '/readyz'),
      (err: unknown) => ({ ok: false, error: (err as Error).message }),
    );
  }
  const { phase, reason } = derivePhase({ namespace: ns, pods, statefulSets, deployments, probe: probeResult });
  return {
    seed: seed.name,
    name,
    namespace: ns.metadata!.name!,
    spec,
    phase,
    reason,
    endpoint: ns.metadata?.annotations?.[annotations.endpoint],
    createdAt: ns.metadata?.creationTimestamp ? new Date(ns.metadata.creationTimestamp).toISOString() : undefined,
  };
}
