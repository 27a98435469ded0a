// Creating (or converging) a control plane in a seed: the declared steps of
// createSteps.ts. Every step is safe to re-run; a failure after the namespace
// exists is recorded on it, so the tree shows it and the next run (or a
// delete) picks up from there.
import { CancelledError, UserFacingError, describeError } from '../errors';
import { silentLogger, type Logger } from '../ports';
import { redact } from '../redact';
import { annotations, type SeedConfig } from '../seeds';
import { runSteps, type StepHooks } from '../steps';
import { createSteps, type CreateRun, type CreateSettings } from './createSteps';
import type { EtcdStorage } from './manifests/render';
import { annotateNamespace } from './namespaceAnnotations';
import type { SpecInput } from './spec';
import type { ControlPlaneSpec } from './types';

export { preflightCreate } from './preflight';

/** Progress, logger, signal and onStep (each message with its step: validate, namespace, ..., etcd, apiserver, ready): the convention every pipeline follows (../steps.ts). */
export interface CreateOptions extends StepHooks, CreateSettings {}

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

export async function createControlPlane(seed: SeedConfig, input: SpecInput, opts: CreateOptions = {}): Promise<CreateResult> {
  const base = opts.logger ?? silentLogger;
  // Every message may quote a server's answer: scrubbed before it is logged.
  const logger: Logger = { log: (level, m) => base.log(level, redact(m)) };
  let step = 'validate';
  const run = { seed, input, opts, log: (level, m) => logger.log(level, m), namespaceExists: false } as CreateRun;
  try {
    await runSteps(createSteps, run, { ...opts, logger, onStep: (e) => ((step = e.step), opts.onStep?.(e)) });
    return { spec: run.spec, namespace: run.namespace, endpoint: run.pki.endpoint, existed: Boolean(run.existing), issued: run.pki.issued, etcdStorage: run.storage };
  } catch (err) {
    // Preflight refuses before anything exists, with its own message (the spec is set once it passed).
    if (!run.spec) throw err;
    const cancelled = err instanceof CancelledError;
    const reason = cancelled ? 'cancelled' : describeError(err);
    const name = run.spec.name;
    logger.log(cancelled ? 'warn' : 'error', `Create of "${name}" ${cancelled ? 'was cancelled' : 'failed'} at step "${step}": ${reason}`);
    if (run.namespaceExists) {
      await annotateNamespace(run.c, run.namespace, {
        [annotations.createFailed]: JSON.stringify({ step, message: redact(reason), at: new Date().toISOString() }),
      }).catch((e: unknown) => logger.log('warn', `Could not record the failure on ${run.namespace}: ${describeError(e)}`));
    }
    if (cancelled) throw err;
    throw new UserFacingError(
      'cp-create-failed',
      `Creating control plane "${name}" in seed "${seed.name}" failed at step "${step}": ${redact(reason)}`,
      run.namespaceExists ? 'Run create again to retry, or delete it to clean up.' : 'Fix the cause and run create again.',
      { cause: err },
    );
  }
}
