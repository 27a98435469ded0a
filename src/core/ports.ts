// The small interfaces through which core talks to the outside world. The
// extension layer implements them with VS Code APIs; tests and benchmarks with
// plain Node. Nothing here may leak a secret: callers redact before logging.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string): void;
}

/** One step of long work: `increment` is a share of 100, `message` is shown to a person. */
export interface ProgressReport {
  message: string;
  increment?: number;
}

export interface Progress {
  report(update: ProgressReport): void;
}

/** Decisions only a person can make; core asks, the extension layer shows the question. */
export interface Prompter {
  /** An SSH host key seen for the first time. Resolve true to trust and pin it. */
  confirmHostKey(question: HostKeyQuestion): Promise<boolean>;
  /** A password, passphrase or sudo password. Resolve undefined when the person declines. */
  askSecret(question: SecretQuestion): Promise<string | undefined>;
}

export interface HostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  /** "SHA256:..." as OpenSSH prints it. */
  fingerprint: string;
}

export interface SecretQuestion {
  kind: 'password' | 'passphrase' | 'sudo' | 'keyboard-interactive';
  /** What the secret unlocks, e.g. "edge@10.213.0.11" or "~/.ssh/id_ed25519". */
  target: string;
  prompt: string;
  /**
   * The answer given for this question last time (typed, remembered or handed
   * in) was refused: forget any remembered one and ask the person.
   */
  rejected?: boolean;
}

/** Where credentials live (VS Code SecretStorage in the extension). */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Where small non-secret state lives (pinned host keys: the extension's global storage). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update<T>(key: string, value: T | undefined): Promise<void>;
}

export const silentLogger: Logger = { log: () => undefined };
export const noProgress: Progress = { report: () => undefined };
