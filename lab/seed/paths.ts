// Where each piece of the seed keeps its files.
import { join } from 'node:path';
import { seedLogDir, seedRunDir, seedStateDir } from '../config';

export const pkiDir = join(seedStateDir, 'pki');
export const etcdDataDir = join(seedStateDir, 'etcd');
export const containerdRoot = join(seedStateDir, 'containerd');
export const containerdStateDir = join(seedRunDir, 'containerd');
export const containerdConfig = join(seedStateDir, 'containerd.toml');
export const kubeletRootDir = join(seedStateDir, 'kubelet');
export const kubeletConfig = join(seedStateDir, 'kubelet.yaml');
export const kubeProxyConfig = join(seedStateDir, 'kube-proxy.yaml');
export const cniConfDir = join(seedStateDir, 'cni', 'net.d');
export const cniIpamDir = join(seedStateDir, 'cni', 'ipam');
export const kubeconfigDir = join(seedStateDir, 'kubeconfigs');
export const pidFile = (name: string): string => join(seedRunDir, `${name}.pid`);
export const logFile = (name: string): string => join(seedLogDir, `${name}.log`);
