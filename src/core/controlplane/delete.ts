// Deleting a control plane: everything it has lives in its namespace in the
// seed (Edgeplane creates nothing cluster-scoped there), so deleting the
// namespace removes it all; this waits until the namespace is gone.
import { UserFacingError, throwIfAborted } from '../errors';
import { connectSeed, ensureReachable, errorReason, isNotFound } from '../kube/client';
import { noProgress, silentLogger, type Logger, type Progress } from '../ports';
import { annotations, labels, namespaceFor, type SeedConfig } from '../seeds';
import { annotateNamespace } from './namespaceAnnotations';
import { sleep } from '../sleep';

export interface DeleteOptions {
  logger?: Logger;
  progress?: Progress;
  signal?: AbortSignal;
  /** Default 5 minutes. */
  timeoutMs?: number;
}

export async function deleteControlPlane(seed: SeedConfig, name: string, opts: DeleteOptions = {}): Promise<void> {
  const log = opts.logger ?? silentLogger;
  const progress = opts.progress ?? noProgress;
  const c = connectSeed(seed);
  await ensureReachable(c, `The seed "${seed.name}"`);
  const namespace = namespaceFor(name);
  let ns;
  try {
    ns = await c.core.readNamespace({ name: namespace });
  } catch (err) {
    if (isNotFound(err)) {
      log.log('info', `Control plane "${name}" does not exist in seed "${seed.name}": nothing to delete.`);
      progress.report({ message: `"${name}" is already gone.`, increment: 100 });
      return;
    }
    throw new UserFacingError('seed-read-failed', `Cannot read namespace ${namespace}: ${errorReason(err)}.`, 'Check the seed\'s credentials and try again.', { cause: err });
  }
  if (ns.metadata?.labels?.[labels.controlPlane] !== name) {
    throw new UserFacingError('cp-not-edgeplane', `Namespace ${namespace} in seed "${seed.name}" is not an Edgeplane control plane; Edgeplane will not delete it.`, 'Check the name; delete that namespace yourself if you mean to.');
  }
  if (!ns.metadata?.deletionTimestamp) {
    await annotateNamespace(c, namespace, { [annotations.deleting]: new Date().toISOString() });
    log.log('info', `Deleting namespace ${namespace} of control plane "${name}" in seed "${seed.name}"...`);
    await c.core.deleteNamespace({ name: namespace, propagationPolicy: 'Foreground' });
  }
  progress.report({ message: `Deleting "${name}"...`, increment: 20 });
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  let lastCount = -1;
  for (;;) {
    throwIfAborted(opts.signal);
    try {
      await c.core.readNamespace({ name: namespace });
    } catch (err) {
      if (isNotFound(err)) break;
      throw err;
    }
    const pods = (await c.core.listNamespacedPod({ namespace })).items.length;
    if (pods !== lastCount) {
      lastCount = pods;
      const message = pods > 0 ? `Deleting "${name}": ${pods} pod${pods > 1 ? 's' : ''} left...` : `Deleting "${name}": removing the namespace...`;
      log.log('info', message);
      progress.report({ message });
    }
    if (Date.now() > deadline) {
      throw new UserFacingError(
        'cp-delete-timeout',
        `Namespace ${namespace} still exists after ${Math.round((opts.timeoutMs ?? 300_000) / 1000)} s.`,
        `Look at what blocks it (kubectl get namespace ${namespace} -o yaml shows its conditions), then delete again.`,
      );
    }
    await sleep(1000, opts.signal);
  }
  log.log('info', `Control plane "${name}" is deleted from seed "${seed.name}".`);
  progress.report({ message: `"${name}" is deleted.`, increment: 80 });
}
