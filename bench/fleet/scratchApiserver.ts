// A throw-away etcd + kube-apiserver (no controllers, no kubelet) from the
// lab's binaries, for scale tests and benchmarks: thousands of simulated
// Nodes there do not load the shared lab seed that other tests time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { etcdBin, kubeBin } from '../../components/build/binaries';
import { runningPid, startDaemon, stopDaemon, waitFor } from '../../lab/util/run';
import { lab, scratchDir } from '../../lab/config';

export { scratchDir };
const ports = { etcdClient: 22379, etcdPeer: 22380, apiserver: 16443 };
const token = 'fleet-scratch-admin-token';
export const scratchKubeconfig = join(scratchDir, 'kubeconfig');

export function scratchKubeconfigText(server = `https://127.0.0.1:${ports.apiserver}`): string {
  return [
    'apiVersion: v1', 'kind: Config', 'current-context: scratch',
    'clusters:', '- name: fleet-scratch', '  cluster:', `    server: ${server}`, '    insecure-skip-tls-verify: true',
    'users:', '- name: fleet-scratch-admin', '  user:', `    token: ${token}`,
    'contexts:', '- name: scratch', '  context:', '    cluster: fleet-scratch', '    user: fleet-scratch-admin', '',
  ].join('\n');
}

/** Starts the scratch cluster unless it runs; returns its kubeconfig path. */
export async function ensureScratchApiserver(log: (m: string) => void = () => undefined): Promise<string> {
  mkdirSync(scratchDir, { recursive: true });
  const etcdPid = join(scratchDir, 'etcd.pid');
  const apiPid = join(scratchDir, 'apiserver.pid');
  if (!existsSync(join(scratchDir, 'sa.key'))) {
    execFileSync('openssl', ['genrsa', '-out', join(scratchDir, 'sa.key'), '2048'], { stdio: 'ignore' });
    execFileSync('openssl', ['rsa', '-in', join(scratchDir, 'sa.key'), '-pubout', '-out', join(scratchDir, 'sa.pub')], { stdio: 'ignore' });
  }
  writeFileSync(join(scratchDir, 'tokens.csv'), `${token},fleet-admin,fleet-admin,system:masters\n`);
  writeFileSync(scratchKubeconfig, scratchKubeconfigText(), { mode: 0o600 });
  // A fresh start begins empty: with no controller-manager here, what an earlier run
  // deleted (its namespaces above all) would stay Terminating for ever.
  if (runningPid(etcdPid) === undefined) rmSync(join(scratchDir, 'etcd'), { recursive: true, force: true });
  if (startDaemon({
    name: 'fleet-scratch-etcd', cmd: etcdBin(), pidFile: etcdPid, logFile: join(scratchDir, 'etcd.log'),
    args: [
      '--name=scratch', `--data-dir=${join(scratchDir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${ports.etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${ports.etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-cluster=scratch=http://127.0.0.1:${ports.etcdPeer}`, '--quota-backend-bytes=8589934592',
    ],
  })) log('started scratch etcd');
  if (startDaemon({
    name: 'fleet-scratch-apiserver', cmd: kubeBin('kube-apiserver'), pidFile: apiPid, logFile: join(scratchDir, 'apiserver.log'),
    args: [
      `--advertise-address=${lab.hostAddress}`, '--bind-address=127.0.0.1', `--secure-port=${ports.apiserver}`,
      `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`, `--cert-dir=${join(scratchDir, 'certs')}`,
      '--service-cluster-ip-range=10.217.0.0/16', `--token-auth-file=${join(scratchDir, 'tokens.csv')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(scratchDir, 'sa.pub')}`, `--service-account-signing-key-file=${join(scratchDir, 'sa.key')}`,
      '--authorization-mode=AlwaysAllow', '--profiling=false', '--max-requests-inflight=1000', '--max-mutating-requests-inflight=500',
      // Node proxy requests dial the node's InternalIP (a lab address on no link, see lab/sim.ts),
      // never its name: a name would be looked up in the machine's DNS.
      '--kubelet-preferred-address-types=InternalIP',
    ],
  })) log('started scratch kube-apiserver');
  await waitFor('the scratch apiserver to answer /readyz', () => {
    try {
      execFileSync('curl', ['-skf', '-H', `Authorization: Bearer ${token}`, `https://127.0.0.1:${ports.apiserver}/readyz`], { stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  }, 120_000, `see ${join(scratchDir, 'apiserver.log')}`);
  return scratchKubeconfig;
}

export async function stopScratchApiserver(wipe = false): Promise<void> {
  await stopDaemon(join(scratchDir, 'apiserver.pid'));
  await stopDaemon(join(scratchDir, 'etcd.pid'));
  if (wipe) rmSync(scratchDir, { recursive: true, force: true });
}

export const scratchRunning = (): boolean => runningPid(join(scratchDir, 'apiserver.pid')) !== undefined;
