// The seed's PKI, made with the openssl CLI: one cluster CA, serving and
// client certificates, and the service-account signing key. EC P-256 keys
// generate instantly; every key file is 0600. Existing files are kept so a
// second `lab up` changes nothing.
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../config';
import { run } from '../util/run';
import { pkiDir } from './paths';

export interface CertSpec {
  name: string;
  cn: string;
  org?: string;
  server?: boolean;
  client?: boolean;
  sans?: string[];
}

export const apiserverSans = [
  `IP:${lab.hostAddress}`,
  'IP:127.0.0.1',
  // First address of the service range: the in-cluster `kubernetes` Service.
  `IP:${lab.serviceCidr.replace(/\.0\/\d+$/, '.1')}`,
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
  `DNS:${lab.seedNodeName}`,
];

export const seedCerts: CertSpec[] = [
  { name: 'apiserver', cn: 'kube-apiserver', server: true, sans: apiserverSans },
  { name: 'apiserver-kubelet-client', cn: 'kube-apiserver-kubelet-client', org: 'system:masters', client: true },
  // A user name unique to this lab: client-node caches exec tokens per user name.
  { name: 'admin', cn: 'edgeplane-lab-admin', org: 'system:masters', client: true },
  { name: 'controller-manager', cn: 'system:kube-controller-manager', client: true },
  { name: 'scheduler', cn: 'system:kube-scheduler', client: true },
  { name: 'kube-proxy', cn: 'system:kube-proxy', client: true },
  { name: 'kubelet', cn: `system:node:${lab.seedNodeName}`, org: 'system:nodes', client: true },
  { name: 'kwok', cn: 'edgeplane-lab-kwok', org: 'system:masters', client: true },
];

export const pkiFile = (name: string, ext: 'crt' | 'key' | 'pub'): string => join(pkiDir, `${name}.${ext}`);

function newKey(path: string): void {
  run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
  chmodSync(path, 0o600);
}

function issue(spec: CertSpec): void {
  const key = pkiFile(spec.name, 'key');
  const crt = pkiFile(spec.name, 'crt');
  const csr = join(pkiDir, `${spec.name}.csr`);
  const ext = join(pkiDir, `${spec.name}.ext`);
  newKey(key);
  const subj = `${spec.org ? `/O=${spec.org}` : ''}/CN=${spec.cn}`;
  run('openssl', ['req', '-new', '-key', key, '-subj', subj, '-out', csr]);
  const usages = [spec.server ? 'serverAuth' : '', spec.client ? 'clientAuth' : ''].filter(Boolean).join(',');
  const lines = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', `extendedKeyUsage=${usages}`];
  if (spec.sans?.length) lines.push(`subjectAltName=${spec.sans.join(',')}`);
  writeFileSync(ext, `${lines.join('\n')}\n`);
  run('openssl', ['x509', '-req', '-in', csr, '-CA', pkiFile('ca', 'crt'), '-CAkey', pkiFile('ca', 'key'), '-CAcreateserial', '-days', '3650', '-sha256', '-extfile', ext, '-out', crt]);
  rmSync(csr);
  rmSync(ext);
}

/** Creates whatever part of the PKI is missing; returns whether anything was made. */
export function ensurePki(): boolean {
  mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
  let made = false;
  if (!existsSync(pkiFile('ca', 'crt'))) {
    newKey(pkiFile('ca', 'key'));
    run('openssl', ['req', '-x509', '-new', '-key', pkiFile('ca', 'key'), '-subj', '/CN=edgeplane-lab-ca', '-days', '3650', '-sha256', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature', '-out', pkiFile('ca', 'crt')]);
    made = true;
  }
  for (const spec of seedCerts) {
    if (existsSync(pkiFile(spec.name, 'crt')) && existsSync(pkiFile(spec.name, 'key'))) continue;
    issue(spec);
    made = true;
  }
  if (!existsSync(pkiFile('sa', 'key'))) {
    newKey(pkiFile('sa', 'key'));
    run('openssl', ['pkey', '-in', pkiFile('sa', 'key'), '-pubout', '-out', pkiFile('sa', 'pub')]);
    made = true;
  }
  return made;
}
