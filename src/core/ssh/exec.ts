// Runs commands on a device: streamed, redacted output to the Logger, exit
// codes, cancellation that closes the channel, and sudo whose password goes
// in on standard input only (`sudo -k -S -p ''`), never on a command line.
import type { ClientChannel } from 'ssh2';
import { CancelledError, UserFacingError } from '../errors';
import type { Logger, Prompter } from '../ports';
import { redact, registerSecret } from '../redact';
import type { SshConnection } from './connect';
import { describeTarget } from './sshConfig';

export interface RunOptions {
  stdin?: string | Buffer;
  signal?: AbortSignal;
  /** Do not stream output to the Logger (it is still returned). */
  quiet?: boolean;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Single-quotes a string for a POSIX shell. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

class LineLogger {
  private buf = '';
  constructor(private readonly logger: Logger | undefined, private readonly prefix: string, private readonly level: 'info' | 'warn') {}
  push(chunk: string): void {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      if (line.trim()) this.logger?.log(this.level, `${this.prefix}${redact(line)}`);
    }
  }
  flush(): void {
    if (this.buf.trim()) this.logger?.log(this.level, `${this.prefix}${redact(this.buf)}`);
    this.buf = '';
  }
}

export type SudoMode = 'root' | 'nopasswd' | 'password';

export interface RemoteOptions {
  prompter: Prompter;
  logger?: Logger;
  /** The sudo password when known (defaults to the login password). */
  sudoPassword?: string;
}

/** A device reached over SSH, with sudo worked out once. */
export class Remote {
  private mode: SudoMode | undefined;
  private sudoPassword: string | undefined;
  readonly label: string;

  constructor(readonly conn: SshConnection, private readonly opts: RemoteOptions) {
    this.label = describeTarget(conn.target);
    this.sudoPassword = opts.sudoPassword ?? conn.password;
    registerSecret(this.sudoPassword);
  }

  /** Runs a command as the login user. Resolves with its exit code; rejects on cancellation or a dropped link. */
  run(command: string, o: RunOptions = {}): Promise<RunResult> {
    const { client } = this.conn;
    const out = new LineLogger(o.quiet ? undefined : this.opts.logger, `[${this.conn.target.name}] `, 'info');
    const err = new LineLogger(o.quiet ? undefined : this.opts.logger, `[${this.conn.target.name}] `, 'warn');
    return new Promise<RunResult>((resolve, reject) => {
      if (o.signal?.aborted) {
        reject(new CancelledError());
        return;
      }
      let channel: ClientChannel | undefined;
      let done = false;
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        o.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = (): void => {
        channel?.close();
        finish(() => reject(new CancelledError()));
      };
      o.signal?.addEventListener('abort', onAbort, { once: true });
      this.conn.closed.catch((e: unknown) => finish(() => reject(e)));
      client.exec(command, (e, ch) => {
        if (e) {
          finish(() => reject(new UserFacingError('ssh-exec-failed', `Could not run a command on ${this.label}: ${e.message}.`, 'Check the connection to the device and try again.', { cause: e })));
          return;
        }
        channel = ch;
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let code = -1;
        ch.on('data', (d: Buffer) => {
          stdout.push(d);
          out.push(d.toString('utf8'));
        });
        ch.stderr.on('data', (d: Buffer) => {
          stderr.push(d);
          err.push(d.toString('utf8'));
        });
        ch.on('exit', (c: number | null) => {
          code = c ?? -1;
        });
        ch.on('close', () => {
          out.flush();
          err.flush();
          finish(() => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
        });
        if (o.stdin !== undefined) ch.end(o.stdin);
        else ch.end();
      });
    });
  }

  /** How this login becomes root: already root, sudo without password, or sudo with one. */
  async sudoMode(signal?: AbortSignal): Promise<SudoMode> {
    if (this.mode) return this.mode;
    const id = await this.run('id -u', { quiet: true, signal });
    if (id.stdout.trim() === '0') return (this.mode = 'root');
    // -k ignores cached credentials, so the answer depends only on sudoers.
    const nopw = await this.run('sudo -k -n true', { quiet: true, signal });
    if (nopw.code === 0) return (this.mode = 'nopasswd');
    if (/not in the sudoers|may not run sudo|command not found/i.test(nopw.stderr)) {
      throw new UserFacingError('sudo-not-allowed', `${this.label} cannot use sudo (${nopw.stderr.trim().split('\n')[0]}).`, 'Log in as root or as a user allowed to sudo (edit the device\'s sudoers).');
    }
    // A password handed in, or one the prompter remembered, may be wrong. After a
    // refused answer from the prompter the next question says so (`rejected`): the
    // prompter then forgets what it remembered and asks the person, instead of
    // offering the same wrong password again.
    let fromPrompter = false;
    let rejected = false;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.sudoPassword === undefined || attempt > 0) {
        this.sudoPassword = await this.opts.prompter.askSecret({
          kind: 'sudo',
          target: this.label,
          prompt: rejected ? `sudo on ${this.label} rejected the password; enter it again` : `sudo password for ${this.label}`,
          ...(rejected ? { rejected } : {}),
        });
        if (this.sudoPassword === undefined) {
          throw new UserFacingError('sudo-password-missing', `sudo on ${this.label} needs a password and none was given${attempt > 0 ? ' (the one tried was rejected)' : ''}.`, 'Enter the sudo password when asked, or allow passwordless sudo for this user.');
        }
        fromPrompter = true;
        registerSecret(this.sudoPassword);
      }
      const check = await this.run("sudo -k -S -p '' true", { quiet: true, stdin: `${this.sudoPassword}\n`, signal });
      if (check.code === 0) return (this.mode = 'password');
      rejected = fromPrompter;
    }
    throw new UserFacingError('sudo-password-wrong', `sudo on ${this.label} rejected every password tried.`, 'Check the sudo password for this user on the device; a remembered one was forgotten, so the next run asks for it.');
  }

  /** Runs a shell script as root. Extra stdin follows the password line, which sudo consumes byte by byte. */
  async sudo(script: string, o: RunOptions = {}): Promise<RunResult> {
    const mode = await this.sudoMode(o.signal);
    if (mode === 'root') return this.run(`sh -c ${shq(script)}`, o);
    if (mode === 'nopasswd') return this.run(`sudo -n -- sh -c ${shq(script)}`, o);
    const rest = o.stdin === undefined ? Buffer.alloc(0) : Buffer.from(o.stdin);
    return this.run(`sudo -k -S -p '' -- sh -c ${shq(script)}`, { ...o, stdin: Buffer.concat([Buffer.from(`${this.sudoPassword}\n`), rest]) });
  }

  /** Like sudo() but throws a UserFacingError naming `what` on a non-zero exit. */
  async sudoCheck(what: string, script: string, o: RunOptions = {}): Promise<RunResult> {
    const r = await this.sudo(script, o);
    if (r.code !== 0) throw this.failure(what, r);
    return r;
  }

  failure(what: string, r: RunResult): UserFacingError {
    const tail = redact((r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | '));
    return new UserFacingError('remote-command-failed', `${what} failed on ${this.label} (exit ${r.code})${tail ? `: ${tail}` : ''}.`, 'See the Edgeplane output for the full log; fix the cause and run again (steps already done are skipped).');
  }
}
