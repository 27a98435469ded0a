// Creating (or converging) a control plane in a seed. Every step is safe to
// re-run; a failure after the namespace exists is recorded on it, so the tree
// shows it and the next run (or a delete) picks up from there.
import { isIP } from 'node:net';
import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { CancelledError, UserFacingError, describeError, throwIfAborted } from '../errors';
import { objectApiClient } from '../kube/apiClient';
import { applyAll, connectSeed, ensureReachable, errorReason, isNotFound, retryTransient, type ClusterClients } from '../kube/client';
import { kubeConfigFromString } from '../kube/kubeconfig';
import { networkPolicies } from './manifests/security';
import { noProgress, silentLogger, type Logger, type Progress } from '../ports';
import { redact } from '../redact';
import { annotations, labels, namespaceFor, type SeedConfig } from '../seeds';
import { controlPlaneDeployment } from './manifests/controlPlane';
import { etcdStatefulSet } from './manifests/etcd';
import { namespaceManifest, specFromNamespace } from './manifests/namespace';
import { tuningFor, type EtcdStorage, type Tuning } from './manifests/render';
import { cpAnnotations } from './names';
import { annotateNamespace } from './namespaceAnnotations';
import { defaultStorageClass, exposedAddress, storageAnnotation, storageFromAnnotation } from './seedFacts';
import { immutableDifferences, imagesFor, usedImages, validateSpec, type SpecInput } from './spec';
import { applyPki, applyServices } from './steps';
import type { ControlPlaneSpec, CreateProgressEvent } from './types';
import { waitForWorkloadsAndApiserver } from './wait';
import { edgeBootstrapObjects, obsoleteEdgeBindings } from './edgeBootstrap';
import { egressSelectorConfigMap } from './manifests/konnectivity';
import { tunnelEdgeObjects } from '../tunnel/edgeObjects';

export interface CreateOptions {
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
  onStep?: (e: CreateProgressEvent) => void;
  tuning?: Tuning;
  /** How long to wait for the apiserver to answer; default 5 minutes. */
  readyTimeoutMs?: number;
  /** etcd volume size when the seed has a default StorageClass. */
  etcdVolumeSize?: string;
}

export interface CreateResult {
  spec: ControlPlaneSpec;
  namespace: string;
  /** https URL devices and users reach the apiserver at. */
  endpoint: string;
  /** True when the control plane existed before this run. */
  existed: boolean;
  /** Names (never contents) of certificates and keys issued by this run. */
  issued: string[];
  etcdStorage: EtcdStorage;
}

/** Checks the spec and the seed; throws a UserFacingError before anything is created. */
export async function preflightCreate(seed: SeedConfig, input: SpecInput, log: Logger = silentLogger): Promise<{ spec: ControlPlaneSpec; c: ClusterClients; existing?: V1Namespace }> {
  const spec = validateSpec(input);
  const c = connectSeed(seed);
  await ensureReachable(c, `The seed "${seed.name}"`);
  const namespace = namespaceFor(spec.name);
  let existing: V1Namespace | undefined;
  try {
    existing = await c.core.readNamespace({ name: namespace });
  } catch (err) {
    if (!isNotFound(err)) throw new UserFacingError('seed-read-failed', `Cannot read namespace ${namespace} in seed "${seed.name}": ${errorReason(err)}.`, 'Check that the seed context may read namespaces, then try again.', { cause: err });
  }
  if (existing) {
    if (existing.metadata?.deletionTimestamp) {
      throw new UserFacingError('cp-being-deleted', `Control plane "${spec.name}" is still being deleted in seed "${seed.name}".`, 'Wait until the delete has finished, then create it again.');
    }
    if (existing.metadata?.labels?.[labels.controlPlane] !== spec.name) {
      throw new UserFacingError('cp-name-taken', `The name "${spec.name}" is taken: namespace ${namespace} already exists in seed "${seed.name}" and is not an Edgeplane control plane.`, 'Choose another name.');
    }
    const had = specFromNamespace(existing);
    const diffs = had ? immutableDifferences(had, spec) : [];
    if (diffs.length > 0) {
      throw new UserFacingError('cp-spec-conflict', `Control plane "${spec.name}" already exists in seed "${seed.name}" with other settings (${diffs.join(', ')}).`, 'Create it again with its current settings, or delete it first.');
    }
  }
  log.log('info', `Preflight passed for control plane "${spec.name}" in seed "${seed.name}" (${c.server})${existing ? ', it exists and will be converged' : ''}.`);
  return { spec, c, existing };
}

export async function createControlPlane(seed: SeedConfig, input: SpecInput, opts: CreateOptions = {}): Promise<CreateResult> {
  const logger = opts.logger ?? silentLogger;
  const log = (level: 'debug' | 'info' | 'warn' | 'error', m: string): void => logger.log(level, redact(m));
  const progress = opts.progress ?? noProgress;
  let step: CreateProgressEvent['step'] = 'validate';
  const report = (s: CreateProgressEvent['step'], message: string, increment: number): void => {
    step = s;
    log('info', message);
    progress.report({ message, increment });
    opts.onStep?.({ step: s, message });
  };
  report('validate', `Checking the spec of "${input.name}" and seed "${seed.name}"...`, 5);
  const { spec, c, existing } = await preflightCreate(seed, input, { log });
  const tuning = opts.tuning ?? tuningFor(spec.size);
  const namespace = namespaceFor(spec.name);
  let namespaceExists = Boolean(existing);
  try {
    throwIfAborted(opts.signal);
    // etcd's storage is fixed at the first create (volumeClaimTemplates cannot change).
    let storage = storageFromAnnotation(existing?.metadata?.annotations?.[cpAnnotations.etcdStorage]);
    if (!storage) {
      const sc = await defaultStorageClass(c);
      storage = sc ? { kind: 'pvc', storageClass: sc, size: opts.etcdVolumeSize ?? '1Gi' } : { kind: 'emptyDir' };
    }
    log('info', `etcd keeps its data in ${storage.kind === 'pvc' ? `a PersistentVolumeClaim of StorageClass "${storage.storageClass}"` : 'an emptyDir (the seed has no default StorageClass: data is lost if the etcd pod is deleted)'}.`);
    report('apply', `Creating namespace ${namespace} and Services...`, 5);
    await applyAll(c.objects, [namespaceManifest(spec, namespace, { [cpAnnotations.etcdStorage]: storageAnnotation(storage) })], true);
    namespaceExists = true;
    // A new attempt: the last failure no longer describes the state.
    await annotateNamespace(c, namespace, { [annotations.createFailed]: null });
    const facts = await applyServices(c, spec, namespace);
    log('info', `Services: etcd at ${facts.etcdIps.join(', ')}; apiserver ClusterIP ${facts.apiserverClusterIp}, port ${facts.apiserverPort} for devices, tunnel port ${facts.tunnelPort}.`);
    const exposed = await exposedAddress(c, seed, facts.apiserverService, opts.signal);
    throwIfAborted(opts.signal);
    report('certificates', `Issuing certificates for ${exposed}:${facts.apiserverPort}...`, 10);
    const pki = await applyPki(c, seed, spec, namespace, facts, exposed);
    log('info', pki.issued.length > 0 ? `Issued: ${pki.issued.join(', ')}.` : 'Reused every existing certificate and key.');
    throwIfAborted(opts.signal);
    report('apply', 'Applying etcd and the control-plane Deployment...', 10);
    const images = imagesFor(spec);
    const render = {
      seed: seed.name,
      spec,
      namespace,
      images,
      etcdIps: facts.etcdIps,
      apiserverPort: facts.apiserverPort,
      advertiseAddress: isIP(exposed) ? exposed : undefined,
      etcdStorage: storage,
      configHash: pki.hash,
      tuning,
    };
    // The policies go first: the pods never run a moment without them.
    await applyAll(c.objects, [...networkPolicies(spec, namespace, facts.apiserverPort), egressSelectorConfigMap(spec, namespace), etcdStatefulSet(render), controlPlaneDeployment(render)] as KubernetesObject[], true);
    await annotateNamespace(c, namespace, { [annotations.endpoint]: pki.endpoint });
    const admin = kubeConfigFromString(pki.adminKubeconfig);
    await waitForWorkloadsAndApiserver(c, admin, spec, namespace, {
      signal: opts.signal,
      timeoutMs: opts.readyTimeoutMs ?? 300_000,
      images: usedImages(spec),
      report: (s, message, increment) => report(s, message, increment),
    });
    report('bootstrap-rbac', 'Creating cluster-info and the bootstrap RBAC in the edge cluster...', 10);
    // The apiserver has just answered /readyz; a blip right after (its pod's readiness
    // flapping under load) must not fail a create that is otherwise done.
    await retryTransient(async () => {
      const objects = objectApiClient(admin);
      await applyAll(objects, [...edgeBootstrapObjects(pki.endpoint, pki.files['ca.crt']!), ...tunnelEdgeObjects(facts.tunnelPort)]);
      for (const name of obsoleteEdgeBindings) {
        await objects.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name } }).catch((e: unknown) => {
          if (!isNotFound(e)) throw e;
        });
      }
    }, {
      timeoutMs: 120_000,
      signal: opts.signal,
      onRetry: (reason) => report('bootstrap-rbac', `The edge apiserver did not take the bootstrap objects (${reason}); trying again...`, 0),
    });
    const readyAt = existing?.metadata?.annotations?.[cpAnnotations.readyAt] ?? new Date().toISOString();
    await annotateNamespace(c, namespace, { [cpAnnotations.readyAt]: readyAt });
    report('ready', `Control plane "${spec.name}" is ready at ${pki.endpoint}.`, 10);
    return { spec, namespace, endpoint: pki.endpoint, existed: Boolean(existing), issued: pki.issued, etcdStorage: storage };
  } catch (err) {
    const cancelled = err instanceof CancelledError;
    const reason = cancelled ? 'cancelled' : describeError(err);
    log(cancelled ? 'warn' : 'error', `Create of "${spec.name}" ${cancelled ? 'was cancelled' : 'failed'} at step "${step}": ${reason}`);
    if (namespaceExists) {
      await annotateNamespace(c, namespace, {
        [annotations.createFailed]: JSON.stringify({ step, message: redact(reason), at: new Date().toISOString() }),
      }).catch((e: unknown) => log('warn', `Could not record the failure on ${namespace}: ${describeError(e)}`));
    }
    if (cancelled) throw err;
    throw new UserFacingError(
      'cp-create-failed',
      `Creating control plane "${spec.name}" in seed "${seed.name}" failed at step "${step}": ${redact(reason)}`,
      namespaceExists ? 'Run create again to retry, or delete it to clean up.' : 'Fix the cause and run create again.',
      { cause: err },
    );
  }
}
