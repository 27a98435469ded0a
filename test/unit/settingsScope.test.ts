// A cloned repository's .vscode/settings.json must not decide what Edgeplane
// trusts, runs or installs: those settings are application-scoped (VS Code then
// ignores workspace values), and the readers ignore workspace values anyway.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { trustedSetting, trustedSettingKeys, type Inspectable } from '../../src/extension/settings/trusted';

const root = resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};
const properties = manifest.contributes.configuration.properties;

// Each of these names what is trusted (clusters, hosts, keys), executed or installed.
const mustBeTrusted = ['seeds', 'ssh.configFile', 'ssh.knownHostsFile', 'bootstrap.bundlePath', 'bootstrap.artifactMirror', 'bootstrap.artifactSha256', 'imageRegistry'];

describe('settings that decide trust', () => {
  it('are read only through the trusted reader', () => {
    for (const k of mustBeTrusted) assert.ok((trustedSettingKeys as readonly string[]).includes(k), k);
  });

  it('have application or machine scope in package.json, so VS Code ignores a workspace value', () => {
    for (const k of trustedSettingKeys) {
      const p = properties[`edgeplane.${k}`];
      assert.ok(p, `edgeplane.${k} is declared`);
      assert.ok(p.scope === 'application' || p.scope === 'machine', `edgeplane.${k} has scope ${p.scope ?? 'window (default)'}`);
    }
  });

  it('a workspace or folder value is ignored even when VS Code reports it', () => {
    const cfg: Inspectable = {
      inspect: <T>() => ({ defaultValue: '~/.ssh/known_hosts' as T, workspaceValue: './attacker_known_hosts' as T, workspaceFolderValue: './x' as T }),
    };
    assert.equal(trustedSetting<string>(cfg, 'ssh.knownHostsFile'), '~/.ssh/known_hosts');
    const user: Inspectable = { inspect: <T>() => ({ defaultValue: '' as T, globalValue: '/srv/bundle.tgz' as T, workspaceValue: './evil.tgz' as T }) };
    assert.equal(trustedSetting<string>(user, 'bootstrap.bundlePath'), '/srv/bundle.tgz');
  });
});
