// SFTP upload followed by a sha256 check on the device, so a truncated or
// corrupted transfer is caught before anything is installed from it.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
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

/**
 * Uploads `localPath` to `remotePath` (a place the login user may write) and
 * verifies its sha256 there. Skips the transfer when the file is already there
 * with that checksum. Resolves true when bytes were sent.
 */
export async function uploadVerified(remote: Remote, localPath: string, remotePath: string, sha256: string, signal?: AbortSignal): Promise<boolean> {
  if ((await remoteSha256(remote, remotePath, false, signal)) === sha256) return false;
  const sftp = await openSftp(remote);
  const onAbort = (): void => sftp.end();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const partial = `${remotePath}.partial`;
    await orClosed(remote, new Promise<void>((resolve, reject) => {
      sftp.fastPut(localPath, partial, { mode: 0o600 }, (err) => (err ? reject(err) : resolve()));
    }));
    if (signal?.aborted) throw new CancelledError();
    await orClosed(remote, new Promise<void>((resolve, reject) => sftp.rename(partial, remotePath, (err) => {
      // rename fails when the target exists (SFTP v3); remove it and retry once.
      if (!err) return resolve();
      sftp.unlink(remotePath, () => sftp.rename(partial, remotePath, (e2) => (e2 ? reject(e2) : resolve())));
    })));
  } catch (err) {
    if (signal?.aborted) throw new CancelledError();
    if (err instanceof UserFacingError) throw err;
    throw new UserFacingError('sftp-upload-failed', `Uploading ${localPath} to ${remote.label}:${remotePath} failed: ${(err as Error).message}.`, 'Check free disk space on the device and the link, then run again.', { cause: err });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    sftp.end();
  }
  const got = await remoteSha256(remote, remotePath, false, signal);
  if (got !== sha256) {
    await remote.run(`rm -f ${shq(remotePath)}`, { quiet: true });
    throw new UserFacingError('sftp-checksum-mismatch', `The upload to ${remote.label}:${remotePath} arrived corrupted (sha256 ${got ?? 'missing'}, expected ${sha256}).`, 'Run again; if it repeats, check the device\'s disk and memory.');
  }
  return true;
}
