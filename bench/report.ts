// Every benchmark ends the same way: its figures as JSON and as a markdown table
// (with the goal beside each), printed and kept under .artifacts/bench/<name>/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = new URL('..', import.meta.url).pathname;

export function artifactsDir(name: string): string {
  const dir = join(repoRoot, '.artifacts', 'bench', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A markdown table from a header row and data rows. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function writeReport(name: string, report: object, markdown: string): void {
  const dir = artifactsDir(name);
  const json = JSON.stringify({ benchmark: name, at: new Date().toISOString(), ...report }, null, 2);
  writeFileSync(join(dir, 'result.json'), `${json}\n`);
  writeFileSync(join(dir, 'result.md'), `# bench/${name}\n\n${markdown}\n`);
  process.stdout.write(`${json}\n\n${markdown}\n\n(written to .artifacts/bench/${name}/result.json and result.md)\n`);
}
