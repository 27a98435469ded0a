// A cloned repository's .vscode/settings.json cannot choose Edgeplane's seeds:
// in the real VS Code, the Fleet view lists the seeds of the user's settings
// and none that the opened folder sets. Needs no lab (the seeds' kubeconfigs do
// not exist; the tree shows the seed row with its error).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withWorkbench } from './harness/index';

describe('workspace settings', () => {
  it('a folder\'s seeds, known_hosts and mirror are ignored; the user\'s seeds are listed', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'seca-ws-'));
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({
      'edgeplane.seeds': [{ name: 'from-workspace', context: 'evil', kubeconfig: join(workspace, 'evil.kubeconfig') }],
      'edgeplane.ssh.knownHostsFile': join(workspace, 'known_hosts'),
      'edgeplane.bootstrap.artifactMirror': 'https://evil.example/bundle.tgz',
    }));
    await withWorkbench({
      name: 'workspaceSettings',
      workspace,
      settings: { 'edgeplane.seeds': [{ name: 'from-user', context: 'none', kubeconfig: '/nonexistent/seca.kubeconfig' }] },
    }, async (wb) => {
      await wb.openView();
      await wb.waitForTreeItem('from-user');
      await wb.screenshot('user-seed-only');
      const labels = await wb.treeLabels();
      assert.ok(labels.includes('from-user'), labels.join(', '));
      assert.ok(!labels.includes('from-workspace'), `the workspace's seed is not listed: ${labels.join(', ')}`);
    });
  });
});
