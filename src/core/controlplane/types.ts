// The control-plane contract shared by core, fleet model and extension.

export type Exposure = 'NodePort' | 'LoadBalancer';
export type SizeProfile = 'small' | 'medium' | 'large';
/**
 * standard: apiserver, controller-manager and scheduler as three containers from the upstream images.
 * compact: the three in one process (Edgeplane's kube-controlplane image): about half the memory.
 */
export type Layout = 'standard' | 'compact';

export interface ControlPlaneSpec {
  /** DNS-1123 label, unique in the seed. */
  name: string;
  /** e.g. "v1.35.4", one of supportedVersions. */
  version: string;
  exposure: Exposure;
  etcdMembers: 1 | 3;
  size: SizeProfile;
  /** Absent in control planes created before layouts existed: standard. */
  layout?: Layout;
  /** Replaces the registry of every image (registry.k8s.io, and ghcr.io/edgeplane for compact), for seeds without internet. */
  imageRegistry?: string;
  /** The edge cluster's Service range; default 10.96.0.0/12. */
  serviceCidr?: string;
  /** The edge cluster's Pod range, from which nodes get their podCIDR; default 10.244.0.0/16. */
  podCidr?: string;
}

export type ControlPlanePhase = 'Provisioning' | 'Running' | 'Degraded' | 'Unreachable' | 'Deleting';

export interface ControlPlaneSummary {
  seed: string;
  name: string;
  namespace: string;
  spec: ControlPlaneSpec;
  phase: ControlPlanePhase;
  /** Why the phase is what it is, for a person ("etcd-0 is CrashLoopBackOff"). */
  reason: string;
  /** https://host:port devices and users reach the apiserver at, once known. */
  endpoint?: string;
  createdAt?: string;
}
