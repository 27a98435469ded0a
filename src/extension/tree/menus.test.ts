// The manifest's menus match contextValues with regexes; this checks that what the tree
// emits makes exactly the intended commands appear on each kind of row.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { contextValues } from '../constants';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]> };
};

/** Commands on a row; `where` "context" leaves out the inline icons (what a right-click shows). */
function commandsFor(contextValue: string, where: 'any' | 'context' = 'any'): string[] {
  const out = new Set<string>();
  for (const entry of manifest.contributes.menus['view/item/context'] ?? []) {
    const m = /viewItem =~ \/(.*)\/(?:\s|$)/.exec(entry.when ?? '');
    assert.ok(m?.[1], `menu entry for ${entry.command} has no viewItem regex`);
    if (where === 'context' && entry.group?.startsWith('inline')) continue;
    if (new RegExp(m[1]).test(contextValue)) out.add(entry.command.replace('edgeplane.', ''));
  }
  return [...out].sort();
}

test('seed rows offer create and remove, in every connection state', () => {
  for (const state of ['connected', 'degraded', 'unreachable', 'unknown']) {
    assert.deepEqual(commandsFor(contextValues.seed(state)), ['createControlPlane', 'removeSeed']);
  }
});

test('a running control plane offers everything; a deleting one cannot be deleted again or bootstrapped', () => {
  const all = [
    'bootstrapDevice',
    'bootstrapInventory',
    'deleteControlPlane',
    'exportKubeconfig',
    'selectControlPlane',
    'showConnectivity',
    'showNodeUsage',
  ];
  assert.deepEqual(commandsFor(contextValues.controlPlane('Running')), all);
  assert.deepEqual(commandsFor(contextValues.controlPlane('Degraded')), all);
  // Bootstrap Device is also in the right-click menu, not only an inline icon.
  assert.deepEqual(commandsFor(contextValues.controlPlane('Running'), 'context'), all);
  assert.deepEqual(commandsFor(contextValues.controlPlane('Deleting')), ['selectControlPlane', 'showConnectivity', 'showNodeUsage']);
  assert.deepEqual(commandsFor(contextValues.controlPlane('Provisioning')), [
    'deleteControlPlane',
    'selectControlPlane',
    'showConnectivity',
    'showNodeUsage',
  ]);
  assert.ok(commandsFor(contextValues.controlPlane('Unreachable')).includes('exportKubeconfig'));
  assert.ok(!commandsFor(contextValues.controlPlane('Unreachable')).includes('bootstrapDevice'));
});

test('nodes: SSH terminal only with a known target; reset and forget host key on nodes and joining devices', () => {
  assert.deepEqual(commandsFor(contextValues.edgeNode('Ready', true)), ['forgetHostKey', 'openSshTerminal', 'resetDevice', 'showNodeUsage']);
  assert.deepEqual(commandsFor(contextValues.edgeNode('Disconnected', false)), ['forgetHostKey', 'resetDevice', 'showNodeUsage']);
  assert.ok(commandsFor(contextValues.joining(true)).includes('resetDevice'));
  assert.ok(commandsFor(contextValues.joining(true)).includes('openSshTerminal'));
  assert.ok(commandsFor(contextValues.joining(false)).includes('forgetHostKey'));
});

test('groups, pages and messages get no item menus', () => {
  assert.deepEqual(commandsFor(contextValues.group), []);
  assert.deepEqual(commandsFor(contextValues.page), []);
  assert.deepEqual(commandsFor(contextValues.message('noNodes')), []);
});
