// Certificates of a real edge cluster on the lab: the expiries Edgeplane shows are the
// ones openssl reads from the same certificates, and Renew Certificates re-issues every
// leaf from the same CAs while a joined device stays Ready.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CertificatesV1Api, CoreV1Api, type KubeConfig, type V1CertificateSigningRequest } from '@kubernetes/client-node';
import { bootstrapDevice } from '../../src/core/bootstrap/bootstrap';
import { nodeReady, readNode } from '../../src/core/bootstrap/cluster';
import { getAdminKubeConfig } from '../../src/core/controlplane/access';
import { nodeCertificateExpiries, pkiCertificates, readControlPlaneCertificates } from '../../src/core/controlplane/certificates';
import { deleteControlPlane } from '../../src/core/controlplane/delete';
import { decodeSecret } from '../../src/core/controlplane/manifests/secrets';
import { objectNames } from '../../src/core/controlplane/names';
import { renewControlPlaneCertificates, repairControlPlane } from '../../src/core/controlplane/repair';
import { KubeHttp } from '../../src/core/fleet/kubeHttp';
import { kubeConfigFromCredentials } from '../../src/core/kube/certKubeconfig';
import { connectSeed } from '../../src/core/kube/client';
import { eventually } from '../support/eventually';
import type { StateStore } from '../../src/core/ports';
import { namespaceFor } from '../../src/core/seeds';
import {
  addDevice, bootstrapOptionsFor, deviceRun, ensureLabControlPlane, labSeed, memoryStateStore, removeDevice,
} from '../../bench/bootstrap/labFixture';

const cp = 'mcrt';
const device = 'mcrtd';
let cluster: KubeConfig;
const state: StateStore = memoryStateStore();
const work = mkdtempSync(join(tmpdir(), 'edgeplane-certs-'));

/** What `openssl x509 -enddate` says of a PEM, as a Date. */
function opensslEnd(pem: string, name: string): Date {
  const f = join(work, name);
  writeFileSync(f, pem);
  const out = execFileSync('openssl', ['x509', '-enddate', '-noout', '-in', f], { encoding: 'utf8' }).trim();
  return new Date(out.replace(/^notAfter=/, ''));
}

async function pkiFiles(): Promise<Record<string, string>> {
  return decodeSecret(await connectSeed(labSeed).core.readNamespacedSecret({ name: objectNames.pki, namespace: namespaceFor(cp) }));
}

before(async () => {
  cluster = await ensureLabControlPlane(cp);
  removeDevice(device);
  const d = addDevice(device);
  await bootstrapDevice(await bootstrapOptionsFor(d, { cluster, controlPlane: cp, state }));
});

after(async () => {
  removeDevice(device);
  await deleteControlPlane(labSeed, cp).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

test("the control plane's expiries are what openssl reads from the same certificates", async () => {
  const { certificates, missing } = await readControlPlaneCertificates(labSeed, cp);
  assert.deepEqual(missing, []);
  assert.equal(certificates.length, pkiCertificates.length);
  const files = await pkiFiles();
  for (const c of certificates) {
    const file = c.source.slice('pki/'.length);
    assert.equal(c.notAfter.getTime(), opensslEnd(files[file]!, file).getTime(), `${c.label} (${file})`);
  }
});

test("a node's kubelet client and serving certificates end when openssl on the device says", async () => {
  const http = new KubeHttp(cluster);
  try {
    const list = await nodeCertificateExpiries(http, device);
    assert.deepEqual(list.map((c) => c.label), ['kubelet client', 'kubelet serving']);
    for (const [label, file] of [['kubelet client', 'kubelet-client-current.pem'], ['kubelet serving', 'kubelet-server-current.pem']] as const) {
      const out = await deviceRun(device, state, `openssl x509 -enddate -noout -in /var/lib/kubelet/pki/${file}`);
      const end = new Date(out.trim().replace(/^notAfter=/, ''));
      const shown = list.find((c) => c.label === label)!.notAfter;
      // The kubelet reports a lifetime in seconds at scrape time: equal to the end date within a minute.
      assert.ok(Math.abs(shown.getTime() - end.getTime()) < 60_000, `${label}: shown ${shown.toISOString()}, openssl ${end.toISOString()}`);
    }
  } finally {
    http.dispose();
  }
});

test('Renew Certificates re-issues every leaf from the same CAs; the device stays Ready and the admin kubeconfig works', async () => {
  const before = await readControlPlaneCertificates(labSeed, cp);
  const serials = new Map(before.certificates.map((c) => [c.label, c.serial]));
  let watching = true;
  const notReady: string[] = [];
  const watcher = (async () => {
    while (watching) {
      const n = await readNode(cluster, device).catch(() => undefined);
      // An unreadable Node while the apiserver rolls is not a NotReady device; a read that says NotReady is.
      if (n && !nodeReady(n)) notReady.push(new Date().toISOString());
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  const seed = connectSeed(labSeed);
  const etcdPod = async (): Promise<{ uid?: string; ip?: string; restarts: number }> => {
    const p = await seed.core.readNamespacedPod({ name: `${objectNames.etcd}-0`, namespace: namespaceFor(cp) });
    return { uid: p.metadata?.uid, ip: p.status?.podIP, restarts: p.status?.containerStatuses?.[0]?.restartCount ?? 0 };
  };
  const etcdBefore = await etcdPod();
  const r = await renewControlPlaneCertificates(labSeed, cp);
  watching = false;
  await watcher;
  // etcd keeps running (an emptyDir member would lose its data on a restart) and serves its new
  // certificate once the kubelet has updated the mounted Secret: it reads it at every handshake.
  const etcdAfter = await etcdPod();
  assert.deepEqual({ uid: etcdAfter.uid, restarts: etcdAfter.restarts }, { uid: etcdBefore.uid, restarts: etcdBefore.restarts }, 'etcd was not restarted');
  const newEtcdSerial = (await readControlPlaneCertificates(labSeed, cp)).certificates.find((c) => c.label === 'etcd server')?.serial;
  await eventually('etcd serving its renewed certificate', async () => {
    const served = await new Promise<string>((resolve, reject) => {
      const s = tlsConnect({ host: etcdAfter.ip, port: 2379, rejectUnauthorized: false }, () => {
        resolve(s.getPeerCertificate().serialNumber.toLowerCase());
        s.destroy();
      });
      s.on('error', reject);
    });
    return served === newEtcdSerial ? true : undefined;
  }, 180_000);
  assert.equal(r.existed, true);
  const afterRenew = await readControlPlaneCertificates(labSeed, cp);
  for (const c of afterRenew.certificates) {
    if (c.kind === 'ca') assert.equal(c.serial, serials.get(c.label), `${c.label} is the same CA`);
    else assert.notEqual(c.serial, serials.get(c.label), `${c.label} has a new serial`);
  }
  assert.deepEqual(notReady, [], 'the Node never read NotReady during the renewal');
  const admin = await getAdminKubeConfig(labSeed, cp);
  const nodes = await admin.makeApiClient(CoreV1Api).listNode();
  const mine = nodes.items.find((n) => n.metadata?.name === device);
  assert.ok(mine, 'the device is listed with the renewed admin certificate');
  const ready = mine.status?.conditions?.find((c) => c.type === 'Ready');
  assert.ok(nodeReady(mine), `the device is Ready, seen with the renewed admin certificate (Ready: ${JSON.stringify(ready)})`);
});

/** A PEM certificate request made by openssl: CN and SANs as given, a fresh P-256 key. */
function servingRequest(cn: string, san: string): string {
  const key = join(work, 'req.key');
  return execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-subj', `/O=system:nodes/CN=${cn}`, '-addext', `subjectAltName=${san}`], { encoding: 'utf8' });
}

test("the control plane's approver decides kubelet serving requests by itself: the node's own names approved (short lifetime kept), another node's refused", async () => {
  // Act as the device's kubelet does when it renews: with its own client certificate.
  const pem = await deviceRun(device, state, 'cat /var/lib/kubelet/pki/kubelet-client-current.pem');
  const certPem = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/)?.[0];
  const keyPem = pem.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----\n?/)?.[0];
  assert.ok(certPem && keyPem, 'the kubelet keeps its client certificate and key');
  const server = cluster.getCurrentCluster()!.server;
  const files = await pkiFiles();
  const asNode = kubeConfigFromCredentials({ server, caPem: files['ca.crt']!, certPem, keyPem }, { cluster: 'edge', user: `system:node:${device}`, context: 'edge' }).makeApiClient(CertificatesV1Api);
  const node = await readNode(cluster, device);
  const ip = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  assert.ok(ip, 'the Node reports its address');

  const ask = async (name: string, cn: string, san: string): Promise<V1CertificateSigningRequest> => {
    await asNode.createCertificateSigningRequest({
      body: {
        metadata: { name },
        spec: {
          request: Buffer.from(servingRequest(cn, san)).toString('base64'),
          signerName: 'kubernetes.io/kubelet-serving',
          usages: ['digital signature', 'server auth'],
          expirationSeconds: 600,
        },
      },
    });
    return eventually(`a decision on ${name}`, async () => {
      const csr = await cluster.makeApiClient(CertificatesV1Api).readCertificateSigningRequest({ name });
      const decided = csr.status?.conditions?.some((c) => c.type === 'Approved' || c.type === 'Denied');
      return decided && (csr.status?.conditions?.some((c) => c.type === 'Denied') || csr.status?.certificate) ? csr : undefined;
    }, 60_000);
  };
  const own = await ask('mcrt-own', `system:node:${device}`, `DNS:${device},IP:${ip}`);
  const approved = own.status?.conditions?.find((c) => c.type === 'Approved');
  assert.equal(approved?.reason, 'EdgeplaneApproved', JSON.stringify(own.status?.conditions));
  const issued = new X509Certificate(Buffer.from(own.status!.certificate!, 'base64'));
  // The signer back-dates notBefore by 5 minutes for clock skew: the end is what was asked for.
  const left = new Date(issued.validTo).getTime() - Date.now();
  assert.ok(left > 0 && left <= 11 * 60_000, `the asked 10-minute lifetime is kept (ends in ${Math.round(left / 60_000)} min)`);

  // Kubernetes itself (NodeRestriction, 1.35) already refuses a node's request in another node's name...
  await assert.rejects(ask('mcrt-other-cn', 'system:node:someone-else', 'DNS:someone-else'), /can only create a node CSR with CN=system:node:/);
  // ...so the approver's own check is on the names inside: another node's name is denied, with the reason.
  const other = await ask('mcrt-other', `system:node:${device}`, `DNS:someone-else,IP:${ip}`);
  const denied = other.status?.conditions?.find((c) => c.type === 'Denied');
  assert.equal(denied?.reason, 'EdgeplaneRefused');
  assert.match(denied?.message ?? '', /DNS name someone-else is not one Node/);
  const foreign = await ask('mcrt-foreign', `system:node:${device}`, `DNS:${device},IP:10.99.99.99`);
  assert.match(foreign.status?.conditions?.find((c) => c.type === 'Denied')?.message ?? '', /10\.99\.99\.99 is not one Node/);
});

test('Repair puts back a deleted Deployment and a deleted Secret with the same CA; the device is Ready again', async () => {
  const ns = namespaceFor(cp);
  const seed = connectSeed(labSeed);
  const caBefore = (await readControlPlaneCertificates(labSeed, cp)).certificates.find((c) => c.label === 'cluster CA')?.serial;
  await seed.apps.deleteNamespacedDeployment({ name: objectNames.controlPlane, namespace: ns });
  await seed.core.deleteNamespacedSecret({ name: objectNames.componentKubeconfigs, namespace: ns });
  const r = await repairControlPlane(labSeed, cp);
  assert.equal(r.existed, true);
  assert.deepEqual(r.issued, [], 'no certificate was re-issued: they were all still good');
  await seed.apps.readNamespacedDeployment({ name: objectNames.controlPlane, namespace: ns });
  await seed.core.readNamespacedSecret({ name: objectNames.componentKubeconfigs, namespace: ns });
  const caAfter = (await readControlPlaneCertificates(labSeed, cp)).certificates.find((c) => c.label === 'cluster CA')?.serial;
  assert.equal(caAfter, caBefore, 'the same cluster CA');
  await eventually('the device Ready after the repair', async () => (nodeReady(await readNode(cluster, device)) ? true : undefined), 180_000);
});
