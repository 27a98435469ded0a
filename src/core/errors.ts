// Errors that reach a person: what failed, why, and what to do about it.
import { redact } from './redact';

export class UserFacingError extends Error {
  /** What the person can do next, in one sentence. */
  readonly hint: string;
  /** A stable code for tests and telemetry-free diagnostics. */
  readonly code: string;

  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserFacingError';
    this.code = code;
    this.hint = hint;
  }

  /** The full sentence shown in a notification. */
  get display(): string {
    return `${this.message} ${this.hint}`.trim();
  }
}

export class CancelledError extends Error {
  constructor(message = 'Cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** The text shown or logged for an error, with every known secret scrubbed (it may quote a command or a kubeconfig). */
export function describeError(err: unknown): string {
  if (err instanceof UserFacingError) return redact(err.display);
  if (err instanceof Error) return redact(err.message);
  return redact(String(err));
}
