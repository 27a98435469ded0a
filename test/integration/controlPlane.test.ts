// Control planes against the lab seed: refusals before anything exists, a
// create that fails half-way and is retried, the edge cluster reached through
// its exposed address, a converging re-run, logs without secrets, delete.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { AppsV1Api, CoreV1Api, DiscoveryV1Api, KubeConfig, NetworkingV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { lab, seedContext, seedKubeconfig } from '../../lab/config';
import { UserFacingError } from '../../src/core/errors';
import { loadKubeConfig } from '../../src/core/kube/kubeconfig';
import type { Logger } from '../../src/core/ports';
import type { SeedConfig } from '../../src/core/seeds';
import { createControlPlane } from '../../src/core/controlplane/create';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { listControlPlanes } from '../../src/core/controlplane/list';
import { getAdminKubeConfig } from '../../src/core/controlplane/access';
import { exportKubeconfig, mergeExportedKubeconfig, revokeExport } from '../../src/core/controlplane/exportCredentials';
import { bootstrapTokenGroup, kubeconfigClusterName } from '../../src/core/controlplane/names';

const seed: SeedConfig = { name: 'lab', context: seedContext, kubeconfig: seedKubeconfig };
const suffix = randomBytes(2).toString('hex');
const name = `edge-a-${suffix}`;
const namespace = `edgeplane-${name}`;
const kc = new KubeConfig();
kc.loadFromFile(seedKubeconfig);
kc.setCurrentContext(seedContext);
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const dir = mkdtempSync(join(tmpdir(), 'cp-it-'));
const lines: string[] = [];
const logger: Logger = { log: (level, m) => lines.push(`${level} ${m}`) };

async function namespaceExists(ns: string): Promise<boolean> {
  try {
    await core.readNamespace({ name: ns });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return false;
    throw err;
  }
}

async function refusedWith(code: string, p: Promise<unknown>): Promise<UserFacingError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof UserFacingError, `expected a UserFacingError, got ${String(err)}`);
    assert.equal(err.code, code, err.display);
    assert.ok(err.hint.length > 10, 'the refusal says what to do');
    return err;
  }
  assert.fail(`expected refusal ${code}`);
}

/** GET a path of the edge apiserver without credentials, trusting only its CA (as a joining kubelet does). */
function anonymousGet(server: string, path: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), { ca, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('control planes in the lab seed', { timeout: 900_000 }, () => {
  let firstCa = '';
  let endpoint = '';

  after(async () => {
    await deleteControlPlane(seed, name).catch(() => undefined);
  });

  it('refuses bad input before anything is created', async () => {
    await refusedWith('spec-invalid-name', createControlPlane(seed, { name: 'Edge_A' }));
    const v = `edge-v-${suffix}`;
    await refusedWith('spec-unsupported-version', createControlPlane(seed, { name: v, version: 'v1.20.0' }));
    assert.equal(await namespaceExists(`edgeplane-${v}`), false);
    const missing = await refusedWith('kubeconfig-context-missing', createControlPlane({ ...seed, context: 'no-such-context' }, { name: v }));
    assert.match(missing.hint, new RegExp(seedContext));
    // The lab's kubeconfig with an address where nothing listens.
    const unreachable = join(dir, 'unreachable');
    writeFileSync(unreachable, readFileSync(seedKubeconfig, 'utf8').replace(/server: .*/, 'server: https://127.0.0.1:1'));
    await refusedWith('cluster-unreachable', createControlPlane({ ...seed, kubeconfig: unreachable }, { name: v }));
    assert.equal(await namespaceExists(`edgeplane-${v}`), false);
    // A namespace of the same name that is not Edgeplane's.
    const taken = `taken-${suffix}`;
    await core.createNamespace({ body: { metadata: { name: `edgeplane-${taken}` } } });
    try {
      await refusedWith('cp-name-taken', createControlPlane(seed, { name: taken }));
      const ns = await core.readNamespace({ name: `edgeplane-${taken}` });
      assert.equal(ns.metadata?.annotations?.['edgeplane.dev/spec'], undefined, 'the foreign namespace is untouched');
      assert.equal((await core.listNamespacedService({ namespace: `edgeplane-${taken}` })).items.length, 0);
    } finally {
      await core.deleteNamespace({ name: `edgeplane-${taken}` });
    }
  });

  it('records a half-way failure on the namespace and says how to go on', async () => {
    const err = await refusedWith('cp-create-failed', createControlPlane(seed, { name, imageRegistry: 'registry.invalid' }, { logger, readyTimeoutMs: 120_000 }));
    assert.match(err.display, /run create again to retry, or delete it to clean up/i);
    const ns = await core.readNamespace({ name: namespace });
    assert.match(ns.metadata?.annotations?.['edgeplane.dev/create-failed'] ?? '', /registry\.invalid/);
    const [summary] = (await listControlPlanes(seed)).filter((s) => s.name === name);
    assert.equal(summary?.phase, 'Degraded');
  });

  it('a retry converges: the apiserver answers through the exposed address', async () => {
    const steps: string[] = [];
    const r = await createControlPlane(seed, { name }, { logger, onStep: (e) => steps.push(e.step) });
    endpoint = r.endpoint;
    assert.equal(r.existed, true);
    assert.ok(steps.includes('apiserver') && steps.includes('ready'));
    assert.equal(new URL(endpoint).hostname, lab.hostAddress, 'exposed at the seed node address devices use');
    const ns = await core.readNamespace({ name: namespace });
    assert.equal(ns.metadata?.annotations?.['edgeplane.dev/create-failed'], undefined, 'the failure record is cleared');
    const pki = await core.readNamespacedSecret({ name: 'pki', namespace });
    firstCa = pki.data?.['ca.crt'] ?? '';
    assert.ok(firstCa);
  });

  it('an export (0600) carries a credential of its own that works until its binding is deleted', async () => {
    const file = join(dir, 'edge.kubeconfig');
    const grant = await exportKubeconfig(seed, name, file, { who: { user: 'seca', host: 'it-host' }, days: 30 });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(grant.subject, /^edgeplane:export:seca@it-host:\d{4}-\d{2}-\d{2}$/);
    const days = (Date.parse(grant.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `expires in 30 days, not ${days}`);
    const edge = loadKubeConfig(kubeconfigClusterName(seed.name, name), file);
    assert.equal(edge.getCurrentCluster()?.server, endpoint);
    assert.match(edge.getCurrentUser()?.name ?? '', new RegExp(`^edgeplane-lab-${name}-export$`));
    // The certificate is not the shared admin one: its own name, no system:masters.
    const admin = await getAdminKubeConfig(seed, name);
    assert.notEqual(edge.getCurrentUser()?.certData, admin.getCurrentUser()?.certData);
    const names = (await edge.makeApiClient(CoreV1Api).listNamespace()).items.map((n) => n.metadata?.name);
    for (const n of ['default', 'kube-system', 'kube-public']) assert.ok(names.includes(n), n);
    const binding = await admin.makeApiClient(RbacAuthorizationV1Api).readClusterRoleBinding({ name: grant.binding });
    assert.equal(binding.roleRef.name, 'cluster-admin');
    assert.deepEqual(binding.subjects?.map((x) => x.name), [grant.group]);
    // Withdrawn: the same file is refused from then on; the admin credential is untouched.
    await revokeExport(seed, name, grant.binding);
    // The apiserver's RBAC cache follows the deletion through a watch: give it a moment.
    let status = 200;
    for (let i = 0; i < 50 && status !== 403; i++) {
      status = await edge.makeApiClient(CoreV1Api).listNamespace().then(() => 200, (err: { code?: number }) => err.code ?? 0);
      if (status !== 403) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 403, 'the withdrawn export is refused');
    assert.ok((await admin.makeApiClient(CoreV1Api).listNamespace()).items.length > 0);
  });

  it('merges into an existing kubeconfig without clobbering its contexts', async () => {
    const file = join(dir, 'config');
    writeFileSync(file, readFileSync(seedKubeconfig, 'utf8'), { mode: 0o644 });
    const { context, grant } = await mergeExportedKubeconfig(seed, name, file, { who: { user: 'seca', host: 'it-host' } });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(loadKubeConfig(seedContext, file));
    const edge = loadKubeConfig(context, file);
    assert.ok((await edge.makeApiClient(CoreV1Api).listNamespace()).items.length > 0);
    await revokeExport(seed, name, grant.binding);
  });

  it('the edge cluster has what a kubelet needs to join with a bootstrap token', async () => {
    const admin = await getAdminKubeConfig(seed, name);
    const ca = Buffer.from(admin.getCurrentCluster()!.caData!, 'base64').toString();
    const ci = await anonymousGet(endpoint, '/api/v1/namespaces/kube-public/configmaps/cluster-info', ca);
    assert.equal(ci.status, 200, 'cluster-info is readable without credentials');
    assert.ok(ci.body.includes(endpoint), 'cluster-info names the exposed server');
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    const bindings = (await rbac.listClusterRoleBinding()).items;
    const boundTo = (role: string): string[] => bindings.filter((b) => b.roleRef.name === role).flatMap((b) => (b.subjects ?? []).map((s) => s.name));
    assert.ok(boundTo('system:node-bootstrapper').includes(bootstrapTokenGroup));
    // No automatic approval of bootstrap client CSRs: Edgeplane's bootstrap approves the device's own, by name.
    assert.deepEqual(boundTo('system:certificates.k8s.io:certificatesigningrequests:nodeclient'), []);
    assert.ok(boundTo('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient').includes('system:nodes'));
    // The edge cluster's own `kubernetes` Service points at the exposed address, so pods on devices reach it too.
    const slices = await admin.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=kubernetes' });
    const addr = slices.items.flatMap((s) => s.endpoints.flatMap((e) => e.addresses));
    const port = slices.items[0]?.ports?.[0]?.port;
    assert.deepEqual(addr, [lab.hostAddress]);
    assert.equal(`https://${lab.hostAddress}:${port}`, endpoint);
  });

  it('a re-run converges: same CA, no second control plane, phase Running', async () => {
    const r = await createControlPlane(seed, { name }, { logger });
    assert.deepEqual(r.issued, []);
    const pki = await core.readNamespacedSecret({ name: 'pki', namespace });
    assert.equal(pki.data?.['ca.crt'], firstCa);
    assert.equal((await apps.listNamespacedDeployment({ namespace })).items.length, 1);
    assert.equal((await apps.listNamespacedStatefulSet({ namespace })).items.length, 1);
    const mine = (await listControlPlanes(seed, { probe: true })).filter((s) => s.name === name);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.phase, 'Running', mine[0]!.reason);
    assert.equal(mine[0]!.endpoint, endpoint);
  });

  it('its pods run non-root, read-only, without privileges; etcd metrics answer on loopback only; ingress is limited to the apiserver and tunnel ports', async () => {
    const pods = (await core.listNamespacedPod({ namespace })).items.filter((p) => p.status?.phase === 'Running');
    assert.ok(pods.length >= 2, 'etcd and the control plane run');
    for (const pod of pods) {
      assert.equal(pod.spec?.securityContext?.runAsNonRoot, true, pod.metadata?.name);
      for (const c of pod.spec?.containers ?? []) {
        assert.equal(c.securityContext?.allowPrivilegeEscalation, false, c.name);
        assert.equal(c.securityContext?.readOnlyRootFilesystem, true, c.name);
        assert.deepEqual(c.securityContext?.capabilities?.drop, ['ALL'], c.name);
      }
    }
    const etcd = pods.find((p) => p.metadata?.name?.startsWith('etcd-'))!;
    assert.ok(etcd.spec?.containers[0]?.command?.includes('--listen-metrics-urls=http://127.0.0.1:2381'));
    // From outside the pod nothing answers on the metrics port.
    const reached = await new Promise<boolean>((resolve) => {
      const s = connect({ host: etcd.status!.podIP!, port: 2381, timeout: 3000 }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
      s.on('timeout', () => {
        s.destroy();
        resolve(false);
      });
    });
    assert.equal(reached, false, 'etcd metrics are not reachable on the pod IP');
    const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null));
    const policies = (await kc.makeApiClient(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace })).items;
    const port = Number(new URL(endpoint).port);
    const outside = policies.find((p) => p.metadata?.name === 'edgeplane-apiserver');
    // The tunnel's port as the pod listens on it (the Service maps its own NodePort there).
    assert.deepEqual(plain(outside?.spec?.ingress?.map((r) => r.ports?.map((x) => x.port))), [[port, 8132]]);
    const inside = policies.find((p) => p.metadata?.name === 'edgeplane-same-namespace');
    assert.deepEqual(plain(inside?.spec?.podSelector), {});
    const rule = (inside?.spec?.ingress?.[0] ?? {}) as unknown as Record<string, unknown>;
    assert.deepEqual(plain(rule._from ?? rule.from), [{ podSelector: {} }]);
  });

  it('a compact control plane becomes Ready with the same restrictions', async () => {
    const compact = `edge-c-${suffix}`;
    try {
      const r = await createControlPlane(seed, { name: compact, layout: 'compact' }, { logger });
      const mine = (await listControlPlanes(seed, { probe: true })).filter((s) => s.name === compact);
      assert.equal(mine[0]?.phase, 'Running', mine[0]?.reason);
      const admin = await getAdminKubeConfig(seed, compact);
      assert.equal(admin.getCurrentCluster()?.server, r.endpoint);
      const pods = (await core.listNamespacedPod({ namespace: `edgeplane-${compact}` })).items;
      for (const c of pods.flatMap((p) => p.spec?.containers ?? [])) assert.equal(c.securityContext?.readOnlyRootFilesystem, true, c.name);
    } finally {
      await deleteControlPlane(seed, compact).catch(() => undefined);
    }
  });

  it('no log line holds a key, token or kubeconfig credential', async () => {
    const all = lines.join('\n');
    assert.ok(lines.length > 10, 'the creates logged their steps');
    assert.doesNotMatch(all, /PRIVATE KEY/);
    assert.doesNotMatch(all, /client-key-data|client-certificate-data|certificate-authority-data/);
    assert.doesNotMatch(all, /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/);
    const pki = await core.readNamespacedSecret({ name: 'pki', namespace });
    for (const [k, v] of Object.entries(pki.data ?? {})) {
      if (!k.endsWith('.key')) continue;
      const pem = Buffer.from(v, 'base64').toString();
      const body = pem.split('\n').slice(1, 3).join('');
      assert.ok(!all.includes(body) && !all.includes(v), `${k} appears in no log line`);
    }
    const admin = await core.readNamespacedSecret({ name: 'admin-kubeconfig', namespace });
    assert.ok(!all.includes(admin.data!.kubeconfig!));
  });

  it('delete removes the namespace and everything it held', async () => {
    const progress: string[] = [];
    await deleteControlPlane(seed, name, { logger, progress: { report: (p) => progress.push(p.message) } });
    assert.equal(await namespaceExists(namespace), false);
    assert.equal((await core.listNamespacedPod({ namespace })).items.length, 0);
    assert.ok(progress.some((m) => /deleted/.test(m)));
    assert.equal((await listControlPlanes(seed)).filter((s) => s.name === name).length, 0);
  });
});

