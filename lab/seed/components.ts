// The seed's host processes, in start order, with their flags.
import { lab, seedEtcd } from '../config';
import { etcdBin, kubeBin } from '../../components/build/binaries';
import type { DaemonSpec } from '../util/run';
import { pkiFile } from './pki';
import { componentKubeconfig } from './files';
import { containerdConfig, etcdDataDir, kubeletConfig, kubeletRootDir, kubeProxyConfig, logFile, pidFile } from './paths';

export const etcdUrl = `http://127.0.0.1:${seedEtcd.clientPort}`;

export type ComponentName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'containerd' | 'kubelet' | 'kube-proxy';
export const componentOrder: ComponentName[] = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'containerd', 'kubelet', 'kube-proxy'];

const kc = (n: string): string => componentKubeconfig(n);

function spec(name: ComponentName, cmd: string, args: string[]): DaemonSpec {
  return { name, cmd, args, pidFile: pidFile(name), logFile: logFile(name) };
}

export function componentSpec(name: ComponentName): DaemonSpec {
  switch (name) {
    case 'etcd':
      // Loopback and plain HTTP: only host processes (and host-network test pods) reach it.
      return spec(name, etcdBin(), [
        '--name=seed',
        `--data-dir=${etcdDataDir}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${seedEtcd.peerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${seedEtcd.peerPort}`,
        `--initial-cluster=seed=http://127.0.0.1:${seedEtcd.peerPort}`,
        `--listen-metrics-urls=http://127.0.0.1:${seedEtcd.metricsPort}`,
        '--snapshot-count=10000',
      ]);
    case 'kube-apiserver':
      return spec(name, kubeBin('kube-apiserver'), [
        `--advertise-address=${lab.hostAddress}`,
        '--bind-address=0.0.0.0',
        `--secure-port=${lab.apiserverPort}`,
        `--etcd-servers=${etcdUrl}`,
        `--service-cluster-ip-range=${lab.serviceCidr}`,
        `--client-ca-file=${pkiFile('ca', 'crt')}`,
        `--tls-cert-file=${pkiFile('apiserver', 'crt')}`,
        `--tls-private-key-file=${pkiFile('apiserver', 'key')}`,
        `--kubelet-client-certificate=${pkiFile('apiserver-kubelet-client', 'crt')}`,
        `--kubelet-client-key=${pkiFile('apiserver-kubelet-client', 'key')}`,
        '--kubelet-preferred-address-types=InternalIP,Hostname',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pkiFile('sa', 'pub')}`,
        `--service-account-signing-key-file=${pkiFile('sa', 'key')}`,
        '--authorization-mode=Node,RBAC',
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        '--allow-privileged=true',
        '--profiling=false',
      ]);
    case 'kube-controller-manager':
      return spec(name, kubeBin('kube-controller-manager'), [
        `--kubeconfig=${kc('controller-manager')}`,
        `--authentication-kubeconfig=${kc('controller-manager')}`,
        `--authorization-kubeconfig=${kc('controller-manager')}`,
        '--bind-address=127.0.0.1',
        '--leader-elect=false',
        '--use-service-account-credentials=true',
        '--controllers=*,bootstrapsigner,tokencleaner',
        `--root-ca-file=${pkiFile('ca', 'crt')}`,
        `--service-account-private-key-file=${pkiFile('sa', 'key')}`,
        `--cluster-signing-cert-file=${pkiFile('ca', 'crt')}`,
        `--cluster-signing-key-file=${pkiFile('ca', 'key')}`,
        '--allocate-node-cidrs=true',
        `--cluster-cidr=${lab.podCidr}`,
        '--node-cidr-mask-size=24',
        `--service-cluster-ip-range=${lab.serviceCidr}`,
      ]);
    case 'kube-scheduler':
      return spec(name, kubeBin('kube-scheduler'), [
        `--kubeconfig=${kc('scheduler')}`,
        `--authentication-kubeconfig=${kc('scheduler')}`,
        `--authorization-kubeconfig=${kc('scheduler')}`,
        '--bind-address=127.0.0.1',
        '--leader-elect=false',
      ]);
    case 'containerd':
      return spec(name, 'containerd', [`--config=${containerdConfig}`]);
    case 'kubelet':
      return spec(name, kubeBin('kubelet'), [
        `--config=${kubeletConfig}`,
        `--kubeconfig=${kc('kubelet')}`,
        `--root-dir=${kubeletRootDir}`,
        `--hostname-override=${lab.seedNodeName}`,
        `--node-ip=${lab.hostAddress}`,
        '--v=1',
      ]);
    case 'kube-proxy':
      return spec(name, kubeBin('kube-proxy'), [`--config=${kubeProxyConfig}`]);
  }
}
