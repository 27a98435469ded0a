// KWOK for the fleet test's and benchmark's scratch apiserver; the simulated
// nodes themselves are lab/sim.ts's, as `lab sim add` makes them.
import { join } from 'node:path';
import { startKwok as startLabKwok } from '../../lab/sim';
import { stopDaemon } from '../../lab/util/run';
import { scratchDir } from './scratchApiserver';

export { createSimNodes, deleteSimNodes } from '../../lab/sim';

const kwokPid = join(scratchDir, 'kwok.pid');

/** Starts KWOK for the scratch cluster: it keeps simulated nodes Ready and renews their Leases. */
export function startKwok(kubeconfigPath: string): boolean {
  return startLabKwok({ kubeconfigPath, pidFile: kwokPid, logFile: join(scratchDir, 'kwok.log'), dir: scratchDir, cidr: '10.221.0.0/16' });
}

export const stopKwok = (): Promise<boolean> => stopDaemon(kwokPid);
