// Repair and Renew Certificates: an existing control plane converged to the spec
// stored on its namespace by running create's steps again with the same CAs.
// Repair puts back whatever was deleted or changed (a Deployment, a Secret, a
// Service); renewal also re-issues every leaf certificate. The pods carry a hash
// of their PKI, so they roll to new material; devices trust the same CA and stay
// joined.
import { UserFacingError } from '../errors';
import { connectSeed, errorReason, isNotFound } from '../kube/client';
import { namespaceFor, type SeedConfig } from '../seeds';
import { createControlPlane, type CreateOptions, type CreateResult } from './create';
import { specFromNamespace } from './manifests/namespace';
import type { ControlPlaneSpec } from './types';

/** The spec a control plane was created with, from its namespace; refuses with what to do. */
export async function storedSpec(seed: SeedConfig, name: string): Promise<ControlPlaneSpec> {
  const c = connectSeed(seed);
  let spec: ControlPlaneSpec | undefined;
  try {
    spec = specFromNamespace(await c.core.readNamespace({ name: namespaceFor(name) }));
  } catch (err) {
    if (isNotFound(err)) throw new UserFacingError('cp-not-found', `There is no control plane "${name}" in seed "${seed.name}".`, 'Refresh the tree and pick one that exists, or create it.');
    throw new UserFacingError('seed-read-failed', `Cannot read control plane "${name}" in seed "${seed.name}": ${errorReason(err)}.`, 'Check that the seed is reachable, then try again.', { cause: err });
  }
  if (!spec) throw new UserFacingError('cp-no-spec', `Namespace ${namespaceFor(name)} in seed "${seed.name}" holds no Edgeplane spec.`, 'It was not made by Edgeplane, or its annotations were removed: create the control plane again with its settings.');
  return spec;
}

/** Converges the control plane to its stored spec, reusing every certificate that is still good. */
export async function repairControlPlane(seed: SeedConfig, name: string, opts: Omit<CreateOptions, 'renewCertificates'> = {}): Promise<CreateResult> {
  return createControlPlane(seed, await storedSpec(seed, name), opts);
}

/** Repair that also re-issues every leaf certificate from the same CAs. */
export async function renewControlPlaneCertificates(seed: SeedConfig, name: string, opts: Omit<CreateOptions, 'renewCertificates'> = {}): Promise<CreateResult> {
  return createControlPlane(seed, await storedSpec(seed, name), { ...opts, renewCertificates: true });
}
