// A tiny step runner: progress per step, cancellation between steps, and a
// record of which steps acted (a converged device re-run acts on none).
import { throwIfAborted } from '../errors';
import type { Logger, Progress } from '../ports';
import type { StepName, StepResult } from './types';

export const stepTitles: Record<StepName, string> = {
  connect: 'Connecting over SSH',
  preflight: 'Checking the device',
  token: 'Creating a bootstrap token',
  install: 'Installing containerd and kubelet',
  configure: 'Configuring containerd, CNI and kubelet',
  start: 'Starting containerd and kubelet',
  join: 'Approving the kubelet\'s client certificate',
  ready: 'Waiting for the Node to be Ready',
  approve: 'Approving the kubelet serving certificate',
  label: 'Labelling the Node',
  tunnel: 'Starting the tunnel agent',
  runtime: 'Starting a test pod on the device',
  cleanup: 'Removing the bootstrap token',
};

export class StepRunner {
  readonly results: StepResult[] = [];
  constructor(
    private readonly device: string,
    private readonly total: number,
    private readonly progress?: Progress,
    private readonly logger?: Logger,
    private readonly signal?: AbortSignal,
  ) {}

  async run(step: StepName, fn: () => Promise<{ acted: boolean; detail: string }>): Promise<StepResult> {
    throwIfAborted(this.signal);
    this.progress?.report({ message: `${this.device}: ${stepTitles[step]}…` });
    const r = await fn();
    const result = { step, ...r };
    this.results.push(result);
    this.progress?.report({ message: `${this.device}: ${r.detail}`, increment: 100 / this.total });
    this.logger?.log('info', `[${this.device}] ${step}: ${r.acted ? 'done' : 'nothing to do'}: ${r.detail}`);
    return result;
  }
}
