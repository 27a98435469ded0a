// Create's first step: the spec and the seed are checked, and nothing is created, before anything else.
import type { V1Namespace } from '@kubernetes/client-node';
import { UserFacingError } from '../errors';
import { connectSeed, ensureReachable, errorReason, isNotFound, type ClusterClients } from '../kube/client';
import { silentLogger, type Logger } from '../ports';
import { labels, namespaceFor, type SeedConfig } from '../seeds';
import { specFromNamespace } from './manifests/namespace';
import { immutableDifferences, validateSpec, type SpecInput } from './spec';
import type { ControlPlaneSpec } from './types';

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
