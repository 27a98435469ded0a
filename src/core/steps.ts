// Multi-step work as a declared list of named steps, run in order over one
// state object (as kind's create runs its actions). Every pipeline (create a
// control plane, bootstrap a device, reset one) reports progress, stops on
// cancellation between steps and logs what each step did the same way.
import { throwIfAborted } from './errors';
import type { Logger, Progress } from './ports';

/** What a step did: `acted` false means it found the work already done (a re-run acts on nothing). */
export interface StepOutcome {
  acted: boolean;
  detail: string;
}

export interface StepResult<N extends string = string> extends StepOutcome {
  step: N;
}

/** Every message a pipeline shows, with the step it belongs to (or a finer label the step gives). */
export interface StepEvent {
  step: string;
  message: string;
}

/** How a caller follows and stops any pipeline. */
export interface StepHooks {
  progress?: Progress;
  logger?: Logger;
  signal?: AbortSignal;
  /** Each message as it is shown, e.g. for tests and benchmarks. */
  onStep?: (e: StepEvent) => void;
}

/** What a running step may use besides its state. */
export interface StepContext {
  signal?: AbortSignal;
  /** Shows (and logs) a message while the step runs; `label` names a finer phase of it (e.g. "etcd" while waiting). */
  say(message: string, label?: string): void;
}

export interface Step<S, N extends string = string> {
  name: N;
  /** Shown while the step runs ("Installing containerd and kubelet"). */
  title: string | ((state: S) => string);
  /** Its share of the progress bar relative to the other steps (default 1). */
  weight?: number;
  run(state: S, ctx: StepContext): Promise<StepOutcome>;
}

export interface RunStepsOptions extends StepHooks {
  /** Prefixes every message, e.g. the device's name. */
  subject?: string;
}

/**
 * Runs the steps in order and returns what each did. Before each: a cancelled
 * signal throws CancelledError; the title is shown. After each: its detail is
 * shown with its share of the progress and logged. An error from a step is
 * thrown as is; `onStep` has seen the last label it reached.
 */
export async function runSteps<S, N extends string>(steps: ReadonlyArray<Step<S, N>>, state: S, o: RunStepsOptions = {}): Promise<Array<StepResult<N>>> {
  const total = steps.reduce((a, s) => a + (s.weight ?? 1), 0) || 1;
  const prefix = o.subject ? `${o.subject}: ` : '';
  const tag = o.subject ? `[${o.subject}] ` : '';
  const results: Array<StepResult<N>> = [];
  for (const step of steps) {
    throwIfAborted(o.signal);
    const show = (message: string, label: string = step.name, increment?: number): void => {
      o.progress?.report({ message: `${prefix}${message}`, ...(increment !== undefined ? { increment } : {}) });
      o.onStep?.({ step: label, message });
    };
    const title = typeof step.title === 'function' ? step.title(state) : step.title;
    show(`${title}…`);
    const ctx: StepContext = {
      signal: o.signal,
      say: (message, label) => {
        show(message, label);
        o.logger?.log('info', `${tag}${message}`);
      },
    };
    const r = await step.run(state, ctx);
    results.push({ step: step.name, ...r });
    show(r.detail, step.name, (100 * (step.weight ?? 1)) / total);
    o.logger?.log('info', `${tag}${step.name}: ${r.acted ? 'done' : 'nothing to do'}: ${r.detail}`);
  }
  return results;
}
