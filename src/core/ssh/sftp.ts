// SFTP upload followed by a sha256 check on the device, so a truncated or
// corrupted transfer is caught before anything is installed from it. An
// upload cut by a broken link resumes from what reached the device.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { SFTPWrapper } from 'ssh2';
import { CancelledError, UserFacingError } from '../errors';
import { shq, type Remote } from './exec';

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** sha256 of a file on the device, or undefined when it is missing. Runs as root when `asRoot`. */
export async function remoteSha256(remote: Remote, path: string, asRoot = false, signal?: AbortSignal): Promise<string | undefined> {
  const cmd = `if [ -f ${shq(path)} ]; then sha256sum ${shq(path)}; fi`;
  const r = asRoot ? await remote.sudo(cmd, { quiet: true, signal }) : await remote.run(cmd, { quiet: true, signal });
  const m = /^([0-9a-f]{64})\s/.exec(r.stdout);
  return m?.[1];
}

/** Settles with `p`, or rejects when the connection drops first (SFTP callbacks may then never fire). */
function orClosed<T>(remote: Remote, p: Promise<T>): Promise<T> {
  return Promise.race([p, remote.conn.closed.then(() => p)]);
}

async function openSftp(remote: Remote): Promise<SFTPWrapper> {
  try {
    return await orClosed(remote, new Promise((resolve, reject) => remote.conn.client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp)))));
  } catch (err) {
    // A link that drops while the subsystem is requested fails it with ssh2's bare "Unable to start subsystem".
    if (err instanceof UserFacingError || err instanceof CancelledError) throw err;
    throw new UserFacingError('sftp-unavailable', `Could not start SFTP on ${remote.label}: ${(err as Error).message}.`, 'Check the link to the device and that its sshd offers the sftp subsystem, then run again; re-running continues where it stopped.', { cause: err });
  }
}

/** What an upload did: bytes of the file sent by this call, and where it started. */
export interface UploadResult {
  /** Bytes of the file written to the device by this call (0 when it was there already). */
  sent: number;
  /** Offset the transfer started at: a partial upload of an earlier, interrupted run that was kept. */
  resumedFrom: number;
  total: number;
}

export interface UploadProgress {
  /** Bytes of the file on the device so far (the resumed prefix included). */
  done: number;
  total: number;
  /** Bytes per second over this call's transfer so far. */
  rate: number;
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
}

/** 32 KiB writes, several in flight: one write per round trip would cap a 100 ms link at ~2.6 Mbit/s. */
const chunkSize = 32 * 1024;
const inFlight = 16;

/** sha256 of the first `length` bytes of a local file. */
async function prefixSha256(path: string, length: number): Promise<string> {
  const h = createHash('sha256');
  if (length > 0) for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * How much of `partial` an earlier run left on the device that is a true
 * prefix of the local file (its size, verified by hash), or 0.
 */
async function keptPrefix(remote: Remote, localPath: string, partial: string, total: number, signal?: AbortSignal): Promise<number> {
  const r = await remote.run(`if [ -f ${shq(partial)} ]; then stat -c %s ${shq(partial)} && sha256sum ${shq(partial)}; fi`, { quiet: true, signal });
  const m = /^(\d+)\n([0-9a-f]{64})\s/.exec(r.stdout);
  if (!m) return 0;
  const size = Number(m[1]);
  if (!(size > 0 && size <= total)) return 0;
  return (await prefixSha256(localPath, size)) === m[2] ? size : 0;
}

function sftpCall<T>(remote: Remote, fn: (cb: (err: Error | null | undefined, v: T) => void) => void): Promise<T> {
  return orClosed(remote, new Promise<T>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v)))));
}

/** Writes [from, total) of the local file into the open remote handle, `inFlight` writes at a time, in order. */
async function writeFrom(remote: Remote, sftp: SFTPWrapper, handle: Buffer, localPath: string, from: number, total: number, o: UploadOptions): Promise<number> {
  const local = await open(localPath, 'r');
  const started = Date.now();
  let next = from;
  let acked = from;
  let lastReport = 0;
  const pending = new Set<Promise<void>>();
  let ok = false;
  try {
    const one = async (pos: number): Promise<void> => {
      const buf = Buffer.allocUnsafe(Math.min(chunkSize, total - pos));
      const { bytesRead } = await local.read(buf, 0, buf.length, pos);
      await sftpCall<void>(remote, (cb) => sftp.write(handle, buf, 0, bytesRead, pos, (err) => cb(err, undefined)));
      // sftp-server handles requests in order, so the file on the device is always a prefix.
      acked += bytesRead;
      const now = Date.now();
      if (o.onProgress && (now - lastReport >= 1000 || acked === total)) {
        lastReport = now;
        o.onProgress({ done: acked, total, rate: Math.round(((acked - from) * 1000) / Math.max(1, now - started)) });
      }
    };
    while (next < total || pending.size > 0) {
      if (o.signal?.aborted) throw new CancelledError();
      while (next < total && pending.size < inFlight) {
        const p = one(next).finally(() => pending.delete(p));
        pending.add(p);
        next += chunkSize;
      }
      await Promise.race(pending);
    }
    ok = true;
  } finally {
    // After a failure or an abort the channel is ended: writes still out may never be
    // answered, so they are not waited for (only kept from rejecting unhandled).
    for (const p of pending) p.catch(() => undefined);
    if (ok) await local.close();
    else void local.close().catch(() => undefined);
  }
  return acked - from;
}

/**
 * Uploads `localPath` to `remotePath` (a place the login user may write) and
 * verifies its sha256 there. Skips the transfer when the file is already there
 * with that checksum. Bytes go to `remotePath.partial` first; when an earlier
 * run was cut, the part that arrived is kept (its size asked from the device,
 * its content checked by hash against the same prefix here) and only the rest
 * is sent.
 */
export async function uploadVerified(remote: Remote, localPath: string, remotePath: string, sha256: string, o: UploadOptions = {}): Promise<UploadResult> {
  const total = (await stat(localPath)).size;
  if ((await remoteSha256(remote, remotePath, false, o.signal)) === sha256) return { sent: 0, resumedFrom: total, total };
  try {
    return await uploadOnce(remote, localPath, remotePath, sha256, total, `${remotePath}.partial`, true, o);
  } catch (err) {
    if (!(err instanceof UserFacingError && err.code === 'sftp-checksum-mismatch')) throw err;
    // A session cut by a link drop can still deliver writes it had queued once the link is
    // back (the old sftp-server holds the partial file open). Start over once, from byte 0,
    // into a file of its own that nothing else has open.
    const fresh = `${remotePath}.partial-${Date.now().toString(36)}`;
    try {
      return await uploadOnce(remote, localPath, remotePath, sha256, total, fresh, false, o);
    } finally {
      await remote.run(`rm -f ${shq(fresh)} ${shq(`${remotePath}.partial`)}`, { quiet: true }).catch(() => undefined);
    }
  }
}

async function uploadOnce(remote: Remote, localPath: string, remotePath: string, sha256: string, total: number, partial: string, resume: boolean, o: UploadOptions): Promise<UploadResult> {
  const { signal } = o;
  const resumedFrom = resume ? await keptPrefix(remote, localPath, partial, total, signal) : 0;
  const sftp = await openSftp(remote);
  const onAbort = (): void => sftp.end();
  signal?.addEventListener('abort', onAbort, { once: true });
  let sent: number;
  try {
    // r+ keeps the verified prefix; w starts over (creating or truncating).
    const handle = await sftpCall<Buffer>(remote, (cb) => sftp.open(partial, resumedFrom > 0 ? 'r+' : 'w', { mode: 0o600 }, cb));
    // On failure the handle goes with the channel (sftp.end below): a close could wait forever.
    sent = await writeFrom(remote, sftp, handle, localPath, resumedFrom, total, o);
    await sftpCall<void>(remote, (cb) => sftp.close(handle, (err) => cb(err, undefined)));
    if (signal?.aborted) throw new CancelledError();
    await orClosed(remote, new Promise<void>((resolve, reject) => sftp.rename(partial, remotePath, (err) => {
      // rename fails when the target exists (SFTP v3); remove it and retry once.
      if (!err) return resolve();
      sftp.unlink(remotePath, () => sftp.rename(partial, remotePath, (e2) => (e2 ? reject(e2) : resolve())));
    })));
  } catch (err) {
    if (signal?.aborted) throw new CancelledError();
    if (err instanceof UserFacingError) throw err;
    throw new UserFacingError('sftp-upload-failed', `Uploading ${localPath} to ${remote.label}:${remotePath} failed: ${(err as Error).message}.`, 'Check free disk space on the device and the link, then run again: the upload resumes where it stopped.', { cause: err });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    sftp.end();
  }
  const got = await remoteSha256(remote, remotePath, false, signal);
  if (got !== sha256) {
    await remote.run(`rm -f ${shq(remotePath)}`, { quiet: true });
    throw new UserFacingError('sftp-checksum-mismatch', `The upload to ${remote.label}:${remotePath} arrived corrupted (sha256 ${got ?? 'missing'}, expected ${sha256}).`, 'Run again; if it repeats, check the device\'s disk and memory.');
  }
  return { sent, resumedFrom, total };
}
