// The .vsix as a user receives it: small, holding only what runs, and installable
// by VS Code; its heavy bundle loads in plain Node (no `vscode`, no native add-on).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installExtension, resolveCodeServer, vsixPath } from './harness/index';

const maxVsixBytes = 2 * 1024 * 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

describe('the packaged extension (dist/edgeplane.vsix)', () => {
  let root: string;
  let installed: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'edgeplane-vsix-'));
    const extensionsDir = join(root, 'extensions');
    installExtension(resolveCodeServer(), extensionsDir, join(root, 'user-data'), vsixPath, join(root, 'install.log'));
    const dir = readdirSync(extensionsDir).find((d) => d.startsWith('edgeplane.edgeplane-'));
    assert.ok(dir, `code-server installed no edgeplane.edgeplane-* folder into ${extensionsDir}`);
    installed = join(extensionsDir, dir);
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('is at most 2 MB', () => {
    const size = statSync(vsixPath).size;
    assert.ok(size <= maxVsixBytes, `${vsixPath} is ${size} bytes, more than ${maxVsixBytes}`);
  });

  it('holds only the bundles, the manifest, media, l10n and the docs', () => {
    const files = filesUnder(installed).filter((f) => f !== '.vsixmanifest');
    const allowed = /^(dist\/(extension|core)\.js|dist\/webview\/[\w-]+\.(js|css)|media\/.+|l10n\/bundle\.l10n(\.[\w-]+)?\.json|package\.json|package\.nls(\.[\w-]+)?\.json|readme\.md|changelog\.md|license(\.txt)?)$/i;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), [], `unexpected files; all: ${files.join(', ')}`);
    assert.ok(files.includes('dist/extension.js') && files.includes('dist/core.js'), 'both host bundles are there');
    assert.deepEqual(files.filter((f) => f.endsWith('.map') || f.endsWith('.node') || f.includes('node_modules/')), []);
  });

  it('has a core bundle that loads in plain Node, without vscode or native add-ons', () => {
    const core = join(installed, 'dist', 'core.js');
    const script = `const c = require(${JSON.stringify(core)});
      const bad = Object.keys(require.cache).filter((f) => f.endsWith('.node') || f.includes('cpu-features'));
      console.log(JSON.stringify({ exports: Object.keys(c), bad }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, `require(dist/core.js) failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { exports: string[]; bad: string[] };
    assert.ok(out.exports.includes('describeError') && out.exports.includes('redact'), `core exports: ${out.exports.join(', ')}`);
    assert.deepEqual(out.bad, [], 'no native add-on was loaded');
  });

  it('has an entry bundle that does not pull the core bundle in when loaded', () => {
    // extension.js names core.js only inside a function body (the lazy loader).
    const entry = join(installed, 'dist', 'extension.js');
    const r = spawnSync(process.execPath, ['-e', `
      const Module = require('node:module');
      const real = Module._load;
      Module._load = function (request, ...rest) { return request === 'vscode' ? new Proxy({}, { get: () => function stub() {} }) : real.call(this, request, ...rest); };
      require(${JSON.stringify(entry)});
      console.log(JSON.stringify(Object.keys(require.cache).map((f) => ${JSON.stringify(installed)} && f.startsWith(${JSON.stringify(installed)}) ? f.slice(${installed.length + 1}) : null).filter(Boolean)));
    `], { encoding: 'utf8' });
    assert.equal(r.status, 0, `loading dist/extension.js failed: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout), ['dist/extension.js']);
  });
});
