// The steps of createControlPlane, in order. Each converges its part and is
// safe to re-run; to add one, add an entry to createSteps.
import { isIP } from 'node:net';
import type { KubeConfig, KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { objectApiClient } from '../kube/apiClient';
import { applyAll, isNotFound, retryTransient, type ClusterClients } from '../kube/client';
import { kubeConfigFromString } from '../kube/kubeconfig';
import { annotations, namespaceFor, type SeedConfig } from '../seeds';
import type { Logger } from '../ports';
import type { Step } from '../steps';
import { edgeBootstrapObjects, obsoleteEdgeBindings } from './edgeBootstrap';
import { controlPlaneDeployment } from './manifests/controlPlane';
import { etcdStatefulSet } from './manifests/etcd';
import { namespaceManifest } from './manifests/namespace';
import { networkPolicies } from './manifests/security';
import { egressSelectorConfigMap } from './manifests/konnectivity';
import { tunnelEdgeObjects } from '../tunnel/edgeObjects';
import { tuningFor, type EtcdStorage, type Tuning } from './manifests/render';
import { cpAnnotations, objectNames } from './names';
import { annotateNamespace } from './namespaceAnnotations';
import { defaultStorageClass, exposedAddress, storageAnnotation, storageFromAnnotation } from './seedFacts';
import { preflightCreate } from './preflight';
import { imagesFor, usedImages, type SpecInput } from './spec';
import { applyPki, applyServices, type PkiOutcome, type ServiceFacts } from './steps';
import type { ControlPlaneSpec } from './types';
import { waitForWorkloadsAndApiserver } from './wait';

/** What a create may be told besides its spec. */
/**
 * The hash etcd's pod template carries. A changed template restarts etcd, and an emptyDir
 * member loses its data when it restarts: so the running value is kept unless the etcd CA
 * itself was issued now (renewed leaves are picked up without a restart, see PkiOutcome).
 */
async function etcdTemplateHash(c: ClusterClients, namespace: string, pki: { issued: string[]; etcdHash: string }): Promise<string> {
  if (pki.issued.includes('etcd-ca')) return pki.etcdHash;
  try {
    const sts = await c.apps.readNamespacedStatefulSet({ name: objectNames.etcd, namespace });
    return sts.spec?.template.metadata?.annotations?.[cpAnnotations.configHash] ?? pki.etcdHash;
  } catch (err) {
    if (isNotFound(err)) return pki.etcdHash;
    throw err;
  }
}

export interface CreateSettings {
  tuning?: Tuning;
  /** How long to wait for the apiserver to answer; default 5 minutes. */
  readyTimeoutMs?: number;
  /** etcd volume size when the seed has a default StorageClass. */
  etcdVolumeSize?: string;
  /** Re-issue every leaf certificate from the same CAs; the pods roll to the new ones (Renew Certificates). */
  renewCertificates?: boolean;
}

/** What the steps learn and hand on; each field is set by the step named beside it. */
export interface CreateRun {
  readonly seed: SeedConfig;
  readonly input: SpecInput;
  readonly opts: CreateSettings;
  readonly log: Logger['log'];
  spec: ControlPlaneSpec; // validate
  c: ClusterClients; // validate
  existing?: V1Namespace; // validate
  namespace: string; // validate
  /** Whether a failure can be recorded on the namespace (namespace). */
  namespaceExists: boolean;
  storage: EtcdStorage; // namespace
  facts: ServiceFacts; // namespace
  exposed: string; // namespace
  pki: PkiOutcome; // certificates
  admin: KubeConfig; // workloads
}

export type CreateStepName = 'validate' | 'namespace' | 'certificates' | 'workloads' | 'apiserver' | 'bootstrap-rbac' | 'ready';

export const createSteps: ReadonlyArray<Step<CreateRun, CreateStepName>> = [
  {
    name: 'validate',
    title: (r) => `Checking the spec of "${r.input.name}" and seed "${r.seed.name}"`,
    weight: 5,
    async run(r) {
      const { spec, c, existing } = await preflightCreate(r.seed, r.input, { log: r.log });
      Object.assign(r, { spec, c, existing, namespace: namespaceFor(spec.name), namespaceExists: Boolean(existing) });
      return { acted: false, detail: `Preflight passed${existing ? `; "${spec.name}" exists and will be converged` : ''}.` };
    },
  },
  {
    name: 'namespace',
    title: (r) => `Creating namespace ${r.namespace} and Services`,
    weight: 5,
    async run(r, { signal }) {
      const { c, spec, namespace, opts } = r;
      // etcd's storage is fixed at the first create (volumeClaimTemplates cannot change).
      let storage = storageFromAnnotation(r.existing?.metadata?.annotations?.[cpAnnotations.etcdStorage]);
      if (!storage) {
        const sc = await defaultStorageClass(c);
        storage = sc ? { kind: 'pvc', storageClass: sc, size: opts.etcdVolumeSize ?? '1Gi' } : { kind: 'emptyDir' };
      }
      r.storage = storage;
      r.log('info', `etcd keeps its data in ${storage.kind === 'pvc' ? `a PersistentVolumeClaim of StorageClass "${storage.storageClass}"` : 'an emptyDir (the seed has no default StorageClass: data is lost if the etcd pod is deleted)'}.`);
      await applyAll(c.objects, [namespaceManifest(spec, namespace, { [cpAnnotations.etcdStorage]: storageAnnotation(storage) })], true);
      r.namespaceExists = true;
      // A new attempt: the last failure no longer describes the state.
      await annotateNamespace(c, namespace, { [annotations.createFailed]: null });
      r.facts = await applyServices(c, spec, namespace);
      r.exposed = await exposedAddress(c, r.seed, r.facts.apiserverService, signal);
      return { acted: true, detail: `Services: etcd at ${r.facts.etcdIps.join(', ')}; apiserver ClusterIP ${r.facts.apiserverClusterIp}, port ${r.facts.apiserverPort} for devices at ${r.exposed}, tunnel port ${r.facts.tunnelPort}.` };
    },
  },
  {
    name: 'certificates',
    title: (r) => `Issuing certificates for ${r.exposed}:${r.facts.apiserverPort}`,
    weight: 10,
    async run(r) {
      r.pki = await applyPki(r.c, r.seed, r.spec, r.namespace, r.facts, r.exposed, { renewLeaves: r.opts.renewCertificates });
      const issued = r.pki.issued;
      return { acted: issued.length > 0, detail: issued.length > 0 ? `Issued: ${issued.join(', ')}.` : 'Reused every existing certificate and key.' };
    },
  },
  {
    name: 'workloads',
    title: 'Applying etcd and the control-plane Deployment',
    weight: 10,
    async run(r) {
      const { spec, namespace, facts, exposed, pki } = r;
      const render = {
        seed: r.seed.name,
        spec,
        namespace,
        images: imagesFor(spec),
        etcdIps: facts.etcdIps,
        apiserverPort: facts.apiserverPort,
        advertiseAddress: isIP(exposed) ? exposed : undefined,
        etcdStorage: r.storage,
        configHash: pki.hash,
        tuning: r.opts.tuning ?? tuningFor(spec.size),
      };
      // The policies go first: the pods never run a moment without them.
      await applyAll(r.c.objects, [...networkPolicies(spec, namespace, facts.apiserverPort), egressSelectorConfigMap(spec, namespace), etcdStatefulSet({ ...render, configHash: await etcdTemplateHash(r.c, namespace, pki) }), controlPlaneDeployment(render)] as KubernetesObject[], true);
      await annotateNamespace(r.c, namespace, { [annotations.endpoint]: pki.endpoint });
      r.admin = kubeConfigFromString(pki.adminKubeconfig);
      return { acted: true, detail: 'etcd, the control-plane Deployment and their network policies applied.' };
    },
  },
  {
    name: 'apiserver',
    title: 'Waiting for etcd and the apiserver',
    weight: 40,
    async run(r, ctx) {
      const detail = await waitForWorkloadsAndApiserver(r.c, r.admin, r.spec, r.namespace, {
        signal: ctx.signal,
        timeoutMs: r.opts.readyTimeoutMs ?? 300_000,
        images: usedImages(r.spec),
        say: ctx.say,
      });
      return { acted: false, detail };
    },
  },
  {
    name: 'bootstrap-rbac',
    title: 'Creating cluster-info and the bootstrap RBAC in the edge cluster',
    weight: 10,
    async run(r, ctx) {
      // The apiserver has just answered /readyz; a blip right after (its pod's readiness
      // flapping under load) must not fail a create that is otherwise done.
      await retryTransient(async () => {
        const objects = objectApiClient(r.admin);
        await applyAll(objects, [...edgeBootstrapObjects(r.pki.endpoint, r.pki.files['ca.crt']!), ...tunnelEdgeObjects(r.facts.tunnelPort)]);
        for (const name of obsoleteEdgeBindings) {
          await objects.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name } }).catch((e: unknown) => {
            if (!isNotFound(e)) throw e;
          });
        }
      }, {
        timeoutMs: 120_000,
        signal: ctx.signal,
        onRetry: (reason) => ctx.say(`The edge apiserver did not take the bootstrap objects (${reason}); trying again...`),
      });
      return { acted: true, detail: 'cluster-info and the bootstrap RBAC are in place.' };
    },
  },
  {
    name: 'ready',
    title: 'Recording the control plane as ready',
    weight: 10,
    async run(r) {
      const readyAt = r.existing?.metadata?.annotations?.[cpAnnotations.readyAt] ?? new Date().toISOString();
      await annotateNamespace(r.c, r.namespace, { [cpAnnotations.readyAt]: readyAt });
      return { acted: false, detail: `Control plane "${r.spec.name}" is ready at ${r.pki.endpoint}.` };
    },
  },
];
