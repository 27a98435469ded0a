// The bootstrap contract the extension calls.
import type { KubeConfig } from '@kubernetes/client-node';
import type { SessionOptions } from '../ssh/connect';
import type { SshTarget } from '../ssh/sshConfig';
import type { StepHooks, StepResult as PipelineStepResult } from '../steps';

/** A node bundle's architecture, as in its name edgeplane-node-<version>-linux-<arch>.tar.gz. */
export type NodeArch = 'amd64' | 'arm64';

/**
 * Where a device gets its binaries: a bundle uploaded over SFTP, or a URL the device
 * fetches itself; `arch` says which devices it is for (amd64 when absent).
 */
export type ArtifactSource =
  | { kind: 'bundle'; path: string; sha256: string; arch?: NodeArch }
  | { kind: 'mirror'; url: string; sha256: string; arch?: NodeArch };

export interface DeviceCredentials {
  /** Login password (password auth); also used for sudo unless sudoPassword is given. */
  password?: string;
  sudoPassword?: string;
  /** Passwords of jump hosts, keyed by host. */
  jumpPasswords?: Record<string, string>;
}

/** Progress, logger, signal and onStep: the convention every pipeline follows (../steps.ts). */
export interface BootstrapOptions extends StepHooks {
  target: SshTarget;
  /** The SSH settings as the caller built them (host-key trust, timeouts, keepalive). */
  ssh: SessionOptions;
  /** Admin access to the edge cluster the device joins. */
  cluster: KubeConfig;
  /** Control plane name, put on the Node as a label. */
  controlPlane: string;
  /** One source, or one per architecture: the device's `uname -m` picks (see arch.ts). */
  artifacts: ArtifactSource | ArtifactSource[];
  /** e.g. "v1.35.4": the kubelet must match the control plane. */
  kubernetesVersion: string;
  credentials?: DeviceCredentials;
  /** Node name; defaults to the device's hostname. */
  nodeName?: string;
  /** https URL devices use for the apiserver; defaults to the admin kubeconfig's server. */
  apiServerUrl?: string;
  /** Extra node labels. */
  labels?: Record<string, string>;
  /** The device's pod subnet; defaults to a /24 of 10.214.0.0/16 derived from the node name. */
  podCidr?: string;
  /** Minimum usable memory in MiB (default 192). */
  minMemoryMiB?: number;
  /** Group the bootstrap token authenticates as (the control plane binds its RBAC to it). */
  tokenGroup?: string;
  /** How long to wait for the Node to be Ready (default 180 s). */
  readyTimeoutMs?: number;
}

export type StepName = 'connect' | 'preflight' | 'token' | 'install' | 'configure' | 'start' | 'join' | 'ready' | 'approve' | 'label' | 'tunnel' | 'runtime' | 'cleanup';

/** `acted`: whether the step changed anything (false: it found the work already done). */
export type StepResult = PipelineStepResult<StepName>;

export interface BootstrapResult {
  device: string;
  nodeName: string;
  steps: StepResult[];
  bytesSent: number;
  warnings: string[];
}
