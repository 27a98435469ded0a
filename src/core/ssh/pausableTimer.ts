// A timeout that stops counting while a person is being asked something: a
// handshake must not fail because someone took time to compare a fingerprint.
import type { Prompter } from '../ports';

export interface PausableTimer {
  pause(): void;
  resume(): void;
  clear(): void;
}

/** Calls `onTimeout` after `ms` of running time; pauses nest (the count resumes when the last one ends). */
export function pausableTimer(ms: number, onTimeout: () => void): PausableTimer {
  let remaining = ms;
  let startedAt = Date.now();
  let handle: NodeJS.Timeout | undefined;
  let pauses = 0;
  let done = ms <= 0;
  const arm = (): void => {
    startedAt = Date.now();
    handle = setTimeout(() => {
      done = true;
      onTimeout();
    }, remaining);
  };
  if (!done) arm();
  return {
    pause: () => {
      if (done) return;
      if (pauses++ === 0 && handle) {
        clearTimeout(handle);
        handle = undefined;
        remaining = Math.max(0, remaining - (Date.now() - startedAt));
      }
    },
    resume: () => {
      if (done || pauses === 0) return;
      if (--pauses === 0) arm();
    },
    clear: () => {
      done = true;
      if (handle) clearTimeout(handle);
      handle = undefined;
    },
  };
}

/** The same prompter, with `timer` paused while each question is open. */
export function pausingPrompter(prompter: Prompter, timer: PausableTimer): Prompter {
  const paused = async <T>(ask: () => Promise<T>): Promise<T> => {
    timer.pause();
    try {
      return await ask();
    } finally {
      timer.resume();
    }
  };
  return {
    confirmHostKey: (q) => paused(() => prompter.confirmHostKey(q)),
    askSecret: (q) => paused(() => prompter.askSecret(q)),
  };
}
