// `lab seed restart`: stop and start the seed's kube-apiserver, so tests can
// watch clients lose their connection and recover.
import { stopDaemon, startDaemon, waitFor } from '../util/run';
import { readyz } from './api';
import { componentSpec } from './components';

export async function seedRestart(log: (m: string) => void): Promise<void> {
  const spec = componentSpec('kube-apiserver');
  await stopDaemon(spec.pidFile);
  log('kube-apiserver stopped');
  startDaemon(spec);
  await waitFor('kube-apiserver /readyz', () => readyz(), 120_000, `see ${spec.logFile}`);
  log('kube-apiserver is ready again');
}
