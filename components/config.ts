// Versions Edgeplane ships (pinned by the Go modules beside this file) and where
// their builds are cached: facts of the components, which the lab re-exports.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const kubernetesVersion = 'v1.35.4';
/** Where built binaries, images and bundles are cached between runs (outside the repo; the lab's name, kept so caches survive). */
export const cacheDir = process.env.EDGEPLANE_LAB_CACHE ?? join(homedir(), '.cache', 'edgeplane-lab');
/** etcd that kubeadm 1.35 pins for its image (constants.DefaultEtcdVersion = 3.6.6-0). */
export const etcdVersion = 'v3.6.6';
export const etcdImageTag = '3.6.6-0';
/** The kubelet 1.35 default sandbox image. */
export const pauseVersion = '3.10.1';
/** The workload image shipped in the amd64 node bundle, made from Debian's busybox-static (its version, checked at build). */
export const busyboxVersion = '1.35.0';
export const busyboxBinary = '/bin/busybox';
/** sigs.k8s.io/apiserver-network-proxy (components/konnectivity/go.mod pins it exactly: the module proxy lists no versions). */
export { konnectivityVersion } from '../src/core/controlplane/spec';
