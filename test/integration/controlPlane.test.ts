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
import { AppsV1Api, CoreV1Api, DiscoveryV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { lab, seedContext, seedKubeconfig } from '../../lab/config';
import { UserFacingError } from '../../src/core/errors';
import { loadKubeConfig } from '../../src/core/kube/kubeconfig';
import type { Logger } from '../../src/core/ports';
import type { SeedConfig } from '../../src/core/seeds';
import { createControlPlane } from '../../src/core/controlplane/create';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { listControlPlanes } from '../../src/core/controlplane/list';
import { exportAdminKubeconfig, getAdminKubeConfig, mergeAdminKubeconfig } from '../../src/core/controlplane/access';
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

  it('the exported admin kubeconfig (0600) lists the edge cluster\'s namespaces', async () => {
    const file = join(dir, 'edge.kubeconfig');
    await exportAdminKubeconfig(seed, name, file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const edge = loadKubeConfig(kubeconfigClusterName(seed.name, name), file);
    assert.equal(edge.getCurrentCluster()?.server, endpoint);
    assert.match(edge.getCurrentUser()?.name ?? '', new RegExp(`^edgeplane-lab-${name}-admin$`));
    const names = (await edge.makeApiClient(CoreV1Api).listNamespace()).items.map((n) => n.metadata?.name);
    for (const n of ['default', 'kube-system', 'kube-public']) assert.ok(names.includes(n), n);
  });

  it('merges into an existing kubeconfig without clobbering its contexts', async () => {
    const file = join(dir, 'config');
    writeFileSync(file, readFileSync(seedKubeconfig, 'utf8'), { mode: 0o644 });
    const { context } = await mergeAdminKubeconfig(seed, name, file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(loadKubeConfig(seedContext, file));
    const edge = loadKubeConfig(context, file);
    assert.ok((await edge.makeApiClient(CoreV1Api).listNamespace()).items.length > 0);
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
    assert.ok(boundTo('system:certificates.k8s.io:certificatesigningrequests:nodeclient').includes(bootstrapTokenGroup));
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

