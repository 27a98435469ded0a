import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import type { Remote, RunOptions, RunResult } from '../ssh/exec';
import { installBundle } from './deviceOps';

/** A Remote that records what it would run as root, and runs nothing. */
function recordingRemote(): { remote: Remote; calls: { what: string; script: string; quiet?: boolean }[] } {
  const calls: { what: string; script: string; quiet?: boolean }[] = [];
  const ok: RunResult = { code: 0, stdout: '', stderr: '' };
  const remote = {
    conn: { target: { user: 'edge', name: 'd1' } },
    sudoCheck: async (what: string, script: string, o: RunOptions = {}) => {
      calls.push({ what, script, quiet: o.quiet });
      return ok;
    },
    sudo: async () => ok,
  } as unknown as Remote;
  return { remote, calls };
}

test('a mirror URL reaches the device\'s root shell only single-quoted, and never appears in a step title with its credentials', async () => {
  const { remote, calls } = recordingRemote();
  // In double quotes, as the name used to be, "$(id)" would run as root on the device.
  const url = 'https://bob:s3cret@mirror.example/edge/bundle-$(id).tgz?X-Amz-Signature=sig123';
  await installBundle(remote, { kind: 'mirror', url, sha256: 'a'.repeat(64) });
  const fetch = calls.find((c) => c.what.startsWith('Downloading'))!;
  assert.equal(fetch.what, 'Downloading https://***@mirror.example/edge/bundle-$(id).tgz?*** on the device');
  assert.equal(fetch.quiet, true);
  // The checksum-mismatch line, run by a real shell, prints the name and runs nothing.
  const line = fetch.script.split('\n').find((l) => l.includes('checksum mismatch'))!;
  const echo = /echo ('[^\n]*') >&2/.exec(line)?.[1];
  assert.ok(echo, line);
  const printed = execFileSync('/bin/sh', ['-c', `echo ${echo}`], { encoding: 'utf8' });
  assert.equal(printed.trim(), 'checksum mismatch for bundle-$(id).tgz', 'printed as written: nothing ran');
  assert.ok(!fetch.script.includes('s3cret') || fetch.script.includes(`'${url}'`), 'credentials only inside the quoted URL curl needs');
  // The URL itself is one single-quoted word for curl and wget.
  assert.ok(fetch.script.includes(`curl -fsSL --retry 3 -o "$b.partial" '${url}'`));
});

test('upload progress says bytes done, the total and the rate', async () => {
  const { uploadProgressMessage } = await import('./deviceOps');
  assert.equal(uploadProgressMessage({ done: 12_345_678, total: 62_195_105, rate: 481_234 }), 'bundle upload: 12.3 MB of 62.2 MB (19 %) at 481 kB/s');
  assert.equal(uploadProgressMessage({ done: 0, total: 0, rate: 0 }), 'bundle upload: 0.0 MB of 0.0 MB (0 %) at 0 kB/s');
});
