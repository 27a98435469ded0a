// Collects every l10n.t('…') message in the extension's sources into the bundle VS Code
// reads (l10n/bundle.l10n.json). `node --import tsx l10n/generate.ts` rewrites it; a test keeps it current.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFiles } from './sourceFiles';

const call = /l10n\.t\(\s*(?:\/\/[^\n]*\n\s*)*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\$])*`)/g;

function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e.startsWith('u') || e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}

export function messagesIn(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(call)) if (m[1]) out.push(unquote(m[1]));
  return out;
}

/** The bundle for `dirs`: message -> message (English is the source language), sorted. */
export function buildBundle(dirs: string[]): Record<string, string> {
  const all = new Set<string>();
  for (const d of dirs) for (const f of sourceFiles(d)) for (const m of messagesIn(readFileSync(f, 'utf8'))) all.add(m);
  const bundle: Record<string, string> = {};
  for (const m of [...all].sort()) bundle[m] = m;
  return bundle;
}

export const l10nSourceDirs = (root: string): string[] => [join(root, 'src', 'extension')];
