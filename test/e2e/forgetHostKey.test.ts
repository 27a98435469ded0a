// Issue 12, item 8, in a real VS Code: a host Edgeplane pinned (through Open SSH
// Terminal's trust prompt) is "reinstalled" with another key type; Forget Host Key
// from the palette lists the pin, shows the old and the new fingerprints in its
// confirmation, removes the pin and says so. Uses a real OpenSSH server on
// loopback (no lab device).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fingerprintOf } from '../../src/core/ssh/knownHosts';
import { startLocalSshd, type LocalSshd } from '../support/testSshd';
import { startWorkbench, type WorkbenchSession } from './harness/index';

const fpOf = (pubLine: string): string => fingerprintOf(Buffer.from(pubLine.split(' ')[1] as string, 'base64'));
const name = '[127.0.0.64]:2264';

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Forget Host Key in the editor', () => {
  let sshd: LocalSshd;
  let wb: WorkbenchSession;

  before(async () => {
    sshd = await startLocalSshd('127.0.0.64', 2264);
    const dir = mkdtempSync(join(tmpdir(), 'ep-secb-e2e-'));
    const configFile = join(dir, 'config');
    writeFileSync(configFile, `Host secb-e2e\n  HostName 127.0.0.64\n  Port 2264\n  User root\n  IdentityFile ${sshd.clientKey}\n  IdentitiesOnly yes\n`);
    wb = await startWorkbench({
      name: 'forgetHostKey',
      settings: {
        'edgeplane.ssh.configFile': configFile,
        'edgeplane.ssh.knownHostsFile': join(dir, 'known_hosts'),
        'edgeplane.ssh.connectTimeoutSeconds': 5,
      },
    });
  });

  after(async () => {
    await wb?.close();
    sshd?.stop();
  });

  it('pins a key through the trust prompt of Open SSH Terminal', async () => {
    await wb.welcome();
    await wb.screenshot('start');
    await wb.runCommand('Edgeplane: Open SSH Terminal');
    // From the palette: a pick of nodes and SSH config Hosts (one can also type an address).
    await wb.typeInPick('secb-e2e', /type an address/);
    await wb.pickItem('secb-e2e');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    assert.ok((await dialog.innerText()).includes(fpOf(sshd.hostKeyPub)));
    await dialog.getByRole('button', { name: 'Trust and Connect' }).click();
    // Pinned before authentication: once sshd accepted the login, the pin is stored.
    await until('the terminal to log in', () => /Accepted publickey/.test(readFileSync(sshd.logFile, 'utf8')));
    await wb.screenshot('terminal-connected');
  });

  it('shows the old and the new fingerprints, forgets the pin, and says so', async () => {
    const oldFp = fpOf(sshd.hostKeyPub);
    await sshd.rotateHostKey('rsa');
    const newFp = fpOf(sshd.hostKeyPub);
    await wb.runCommand('Edgeplane: Forget Host Key');
    await wb.pickItem(name);
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    const text = await dialog.innerText();
    await wb.screenshot('forget-confirmation');
    assert.match(text, /Forget the host key Edgeplane pinned for \[127\.0\.0\.64\]:2264\?/);
    assert.ok(text.includes(`ssh-ed25519 ${oldFp}`), `old fingerprint shown: ${text}`);
    assert.ok(text.includes(`ssh-rsa ${newFp}`), `new fingerprint shown: ${text}`);
    await dialog.getByRole('button', { name: 'Forget Host Key' }).click();
    await wb.waitForNotification(/Edgeplane forgot its pinned key for \[127\.0\.0\.64\]:2264\. The next connection asks you/);
    await wb.clearNotifications();
    await wb.runCommand('Edgeplane: Forget Host Key');
    await wb.waitForNotification(/Edgeplane has no pinned host keys/);
    await wb.screenshot('nothing-pinned');
  });
});
