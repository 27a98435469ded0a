// The control-plane spec: defaults, supported versions, size profiles and the
// checks that run before anything is created.
import { isIPv4 } from 'node:net';
import { UserFacingError } from '../errors';
import { cpuMillicores, parseQuantity } from '../kube/quantity';
import type { ControlPlaneSpec, Layout, SizeProfile } from './types';

/** Kubernetes versions Edgeplane can run, newest first. */
export const supportedVersions: readonly string[] = ['v1.35.4'];

/** The etcd image tag kubeadm pins for each supported version. */
const etcdTags: Record<string, string> = { 'v1.35.4': '3.6.6-0' };

export const defaultRegistry = 'registry.k8s.io';
/** The Konnectivity server and agent (sigs.k8s.io/apiserver-network-proxy), one version for every Kubernetes version. */
export const konnectivityVersion = 'v0.33.0';
/** Where the compact layout's image, kube-controlplane, is expected without an imageRegistry (built from components/kubernetes/kube-controlplane). */
export const defaultCompactRegistry = 'ghcr.io/edgeplane';
export const layouts: readonly Layout[] = ['standard', 'compact'];
export const layoutOf = (spec: ControlPlaneSpec): Layout => spec.layout ?? 'standard';
export const defaultServiceCidr = '10.96.0.0/12';
export const defaultPodCidr = '10.244.0.0/16';
/**
 * The namespace is "edgeplane-<name>" (63 characters at most); 40 leaves room
 * for the longest label values and object names derived from the name.
 */
export const maxNameLength = 40;

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { memory: string };
}

export interface SizeResources {
  etcd: Resources;
  apiserver: Resources;
  controllerManager: Resources;
  scheduler: Resources;
}

// No CPU limits: throttling makes start-up slow and readiness flaky; memory
// limits bound what a control plane can take from the seed.
const r = (cpu: string, memory: string, limit: string): Resources => ({ requests: { cpu, memory }, limits: { memory: limit } });
export const sizeProfiles: Record<SizeProfile, SizeResources> = {
  small: { etcd: r('50m', '48Mi', '256Mi'), apiserver: r('100m', '160Mi', '512Mi'), controllerManager: r('50m', '48Mi', '256Mi'), scheduler: r('20m', '24Mi', '128Mi') },
  medium: { etcd: r('100m', '128Mi', '512Mi'), apiserver: r('250m', '384Mi', '1Gi'), controllerManager: r('100m', '96Mi', '512Mi'), scheduler: r('50m', '48Mi', '256Mi') },
  large: { etcd: r('500m', '512Mi', '2Gi'), apiserver: r('1', '1Gi', '4Gi'), controllerManager: r('250m', '256Mi', '1Gi'), scheduler: r('100m', '96Mi', '512Mi') },
};

/** The compact layout's one container gets what the three would have had together. */
export function compactResources(size: SizeProfile): Resources {
  const parts = [sizeProfiles[size].apiserver, sizeProfiles[size].controllerManager, sizeProfiles[size].scheduler];
  const cpu = parts.reduce((a, p) => a + (cpuMillicores(p.requests.cpu) ?? 0), 0);
  const mem = (pick: (p: Resources) => string): string => `${parts.reduce((a, p) => a + (parseQuantity(pick(p)) ?? 0), 0) / 2 ** 20}Mi`;
  return { requests: { cpu: `${cpu}m`, memory: mem((p) => p.requests.memory) }, limits: { memory: mem((p) => p.limits.memory) } };
}


export interface SpecInput {
  name: string;
  version?: string;
  exposure?: string;
  etcdMembers?: number;
  size?: string;
  layout?: string;
  imageRegistry?: string;
  serviceCidr?: string;
  podCidr?: string;
}

const dns1123Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const registryPattern = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$/;

function refuse(code: string, message: string, hint: string): never {
  throw new UserFacingError(code, message, hint);
}

/** Fills defaults and checks every field; throws a UserFacingError saying what to change. */
export function validateSpec(input: SpecInput): ControlPlaneSpec {
  const name = input.name ?? '';
  if (!dns1123Label.test(name)) {
    refuse(
      'spec-invalid-name',
      `"${name}" is not a valid control-plane name.`,
      'Use lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (e.g. "edge-a").',
    );
  }
  if (name.length > maxNameLength) {
    refuse('spec-name-too-long', `The name "${name}" has ${name.length} characters; at most ${maxNameLength} fit.`, 'Choose a shorter name.');
  }
  const version = input.version ?? supportedVersions[0]!;
  if (!supportedVersions.includes(version)) {
    refuse('spec-unsupported-version', `Kubernetes ${version} is not supported.`, `Choose one of: ${supportedVersions.join(', ')}.`);
  }
  const exposure = input.exposure ?? 'NodePort';
  if (exposure !== 'NodePort' && exposure !== 'LoadBalancer') {
    refuse('spec-invalid-exposure', `Exposure "${exposure}" is not known.`, 'Choose NodePort (the default) or LoadBalancer.');
  }
  const etcdMembers = input.etcdMembers ?? 1;
  if (etcdMembers !== 1 && etcdMembers !== 3) {
    refuse('spec-invalid-etcd-members', `${etcdMembers} etcd members are not supported.`, 'Choose 1 (small, no redundancy) or 3 (survives the loss of one member).');
  }
  const size = input.size ?? 'small';
  if (!(size in sizeProfiles)) {
    refuse('spec-invalid-size', `Size "${size}" is not known.`, `Choose one of: ${Object.keys(sizeProfiles).join(', ')}.`);
  }
  const layout = input.layout ?? 'standard';
  if (!layouts.includes(layout as Layout)) {
    refuse('spec-invalid-layout', `Layout "${layout}" is not known.`, 'Choose standard (three containers, upstream images) or compact (one process, about half the memory).');
  }
  const registry = input.imageRegistry?.trim().replace(/\/+$/, '') || undefined;
  if (registry !== undefined && !registryPattern.test(registry)) {
    refuse(
      'spec-invalid-registry',
      `"${input.imageRegistry}" is not an image registry.`,
      'Give a host with an optional port and path, without "https://", e.g. "registry.example.com:5000/k8s".',
    );
  }
  const serviceCidr = checkCidr(input.serviceCidr, defaultServiceCidr, 'service');
  const podCidr = checkCidr(input.podCidr, defaultPodCidr, 'pod');
  const spec: ControlPlaneSpec = { name, version, exposure, etcdMembers, size: size as SizeProfile, layout: layout as Layout };
  if (registry) spec.imageRegistry = registry;
  if (input.serviceCidr) spec.serviceCidr = serviceCidr;
  if (input.podCidr) spec.podCidr = podCidr;
  return spec;
}

function checkCidr(value: string | undefined, fallback: string, what: string): string {
  const v = value ?? fallback;
  const [ip, bits] = v.split('/');
  const n = Number(bits);
  if (!ip || !isIPv4(ip) || !Number.isInteger(n) || n < 8 || n > 28) {
    refuse(`spec-invalid-${what}-cidr`, `"${v}" is not a usable ${what} range.`, `Give an IPv4 CIDR between /8 and /28, e.g. "${fallback}".`);
  }
  return v;
}

export const serviceCidrOf = (spec: ControlPlaneSpec): string => spec.serviceCidr ?? defaultServiceCidr;
export const podCidrOf = (spec: ControlPlaneSpec): string => spec.podCidr ?? defaultPodCidr;

/** First address of the service range: the edge cluster's `kubernetes` Service. */
export function firstServiceIp(cidr: string): string {
  const [ip, bits] = cidr.split('/') as [string, string];
  const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  const v = ((n & mask) >>> 0) + 1;
  return [24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.');
}

export interface Images {
  etcd: string;
  apiserver: string;
  controllerManager: string;
  scheduler: string;
  /** The compact layout's one image for all three. */
  controlPlane: string;
  /** The Konnectivity server, under upstream's name. */
  konnectivityServer: string;
}

export function imagesFor(spec: ControlPlaneSpec): Images {
  const reg = spec.imageRegistry ?? defaultRegistry;
  return {
    etcd: `${reg}/etcd:${etcdTags[spec.version] ?? '3.6.6-0'}`,
    apiserver: `${reg}/kube-apiserver:${spec.version}`,
    controllerManager: `${reg}/kube-controller-manager:${spec.version}`,
    scheduler: `${reg}/kube-scheduler:${spec.version}`,
    controlPlane: compactImage(spec.version, spec.imageRegistry),
    konnectivityServer: konnectivityServerImage(spec.imageRegistry),
  };
}

export function konnectivityServerImage(registry = defaultRegistry): string {
  return `${registry}/kas-network-proxy/proxy-server:${konnectivityVersion}`;
}

/** The images a control plane of this spec pulls, for messages about pulls. */
export function usedImages(spec: ControlPlaneSpec): string[] {
  const i = imagesFor(spec);
  // The standard layout runs the approver from Edgeplane's kube-controlplane image too.
  return layoutOf(spec) === 'compact' ? [i.etcd, i.controlPlane, i.konnectivityServer] : [i.etcd, i.apiserver, i.controllerManager, i.scheduler, i.konnectivityServer, i.controlPlane];
}

export function compactImage(version: string, registry = defaultCompactRegistry): string {
  return `${registry}/kube-controlplane:${version}`;
}

/** Fields that cannot change once a control plane exists (a re-run with other values is refused). */
export function immutableDifferences(existing: ControlPlaneSpec, wanted: ControlPlaneSpec): string[] {
  const diffs: string[] = [];
  if (existing.etcdMembers !== wanted.etcdMembers) diffs.push(`etcd members ${existing.etcdMembers} -> ${wanted.etcdMembers}`);
  if (existing.exposure !== wanted.exposure) diffs.push(`exposure ${existing.exposure} -> ${wanted.exposure}`);
  if (serviceCidrOf(existing) !== serviceCidrOf(wanted)) diffs.push(`service range ${serviceCidrOf(existing)} -> ${serviceCidrOf(wanted)}`);
  if (podCidrOf(existing) !== podCidrOf(wanted)) diffs.push(`pod range ${podCidrOf(existing)} -> ${podCidrOf(wanted)}`);
  return diffs;
}
