// Lab helpers for the editor e2e tests: devices, a private SSH config that makes the
// device's host key unknown (so the fingerprint modal shows), the node bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientKeyFile } from '../../lab/devices/paths';
import { repoRoot } from './harness/index';

export function lab(...args: string[]): string {
  const r = spawnSync(process.execPath, ['scripts/lab.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, `lab ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export function deviceAddress(name: string): string {
  const line = lab('device', 'list')
    .split('\n')
    .find((l) => l.split(/\s+/)[0] === name);
  const address = line?.split(/\s+/)[1];
  assert.ok(address, `lab device ${name} is not listed`);
  return address;
}

/** An SSH config naming the device, with an empty known_hosts: its host key is unknown to Edgeplane. */
export function privateSshFiles(host: string, address: string): { configFile: string; knownHostsFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ep-e2e-ssh-'));
  const configFile = join(dir, 'config');
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(configFile, `Host ${host}\n  HostName ${address}\n  User edge\n  IdentityFile ${clientKeyFile}\n  IdentitiesOnly yes\n`);
  writeFileSync(knownHostsFile, '');
  return { configFile, knownHostsFile };
}
