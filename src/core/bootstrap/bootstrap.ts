// bootstrapDevice: runs the declared steps of bootstrapSteps.ts against one
// device. A run cut anywhere (an error, cancellation) leaves no token behind
// and is completed by running again; a run on a joined device changes nothing.
import { checkBootstrapInputs } from './inputs';
import { runSteps } from '../steps';
import { BootstrapRun, bootstrapSteps } from './bootstrapSteps';
import { deleteBootstrapTokens } from './cluster';
import type { BootstrapOptions, BootstrapResult } from './types';

export async function bootstrapDevice(o: BootstrapOptions): Promise<BootstrapResult> {
  checkBootstrapInputs(o);
  const run = new BootstrapRun(o);
  try {
    const steps = await runSteps(bootstrapSteps, run, { ...o, subject: run.device });
    return { device: run.device, nodeName: run.nodeName, steps, bytesSent: run.session.conn.bytesSent(), warnings: run.warnings };
  } catch (err) {
    // A token outlives a failed run only as a way in: remove it (a re-run makes a new one).
    const node = run.tokenNode;
    if (node) await deleteBootstrapTokens(o.cluster, node).catch((e: unknown) => o.logger?.log('warn', `[${run.device}] could not delete the bootstrap token: ${String(e)}`));
    throw err;
  } finally {
    // Unset when connect itself failed.
    run.session?.conn.close();
  }
}
