// The manifest and the code must agree: a command declared but never registered
// fails at click time in front of a user; an undeclared one never shows up.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { commandTable } from '../../src/extension/commands/table';
import { commands, views } from '../../src/extension/constants';

const root = resolve(__dirname, '..', '..');

interface MenuEntry { command?: string; submenu?: string; when?: string }
interface Manifest {
  main: string;
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: unknown }[];
    menus: Record<string, MenuEntry[]>;
    views: Record<string, { id: string }[]>;
    viewsContainers: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
  };
}

const raw = readFileSync(join(root, 'package.json'), 'utf8');
const manifest = JSON.parse(raw) as Manifest;
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const declared = manifest.contributes.commands.map((c) => c.command);
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe('package.json commands', () => {
  it('are declared once each', () => {
    assert.deepEqual(sorted(new Set(declared)), sorted(declared));
  });

  it('match the ids in src/extension/constants.ts', () => {
    assert.deepEqual(sorted(declared), sorted(Object.values(commands)));
  });

  it('match the registration table in src/extension/commands/table.ts', () => {
    const registered = commandTable.map((e) => e.id);
    assert.deepEqual(sorted(new Set(registered)), sorted(registered), 'no command is registered twice');
    assert.deepEqual(sorted(registered), sorted(declared));
  });

  it('each have a category and an icon', () => {
    const lacking = manifest.contributes.commands.filter((c) => !c.category || !c.icon).map((c) => c.command);
    assert.deepEqual(lacking, []);
  });
});

describe('package.json menus and welcome content', () => {
  it('refer only to declared commands', () => {
    const unknown: string[] = [];
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) if (e.command && !declared.includes(e.command)) unknown.push(`${menu}: ${e.command}`);
    }
    assert.deepEqual(unknown, []);
  });

  it('link only to declared commands', () => {
    const texts = manifest.contributes.viewsWelcome.map((w) => nls[w.contents.replace(/^%|%$/g, '')] ?? w.contents);
    const linked = texts.flatMap((t) => [...t.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] ?? ''));
    assert.ok(linked.length > 0, 'the welcome content links to at least one command');
    assert.deepEqual(linked.filter((id) => !declared.includes(id)), []);
  });

  it('use the view ids in src/extension/constants.ts', () => {
    const containers = Object.values(manifest.contributes.viewsContainers).flat().map((c) => c.id);
    const viewIds = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    assert.ok(containers.includes(views.container));
    assert.ok(viewIds.includes(views.fleet));
    for (const w of manifest.contributes.viewsWelcome) assert.ok(viewIds.includes(w.view), `welcome for unknown view ${w.view}`);
  });
});

describe('package.nls.json', () => {
  it('has every %key% that package.json uses', () => {
    const keys = [...raw.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1] ?? '');
    assert.ok(keys.length > 0);
    assert.deepEqual(keys.filter((k) => !(k in nls)), []);
  });
});
