// bench/tree: time to first render of a control plane's nodes in the Fleet tree,
// with 1,000 and 10,000 simulated nodes: in the real VS Code (code-server +
// Chromium, the live fleet model synced) and, apart, the tree provider's own cost
// in plain Node. Goal: under 1 s at 10,000 nodes.
//   npm run bench -- tree [--counts 1000,10000]
import { markdownTable, writeReport } from '../report';
import { providerCost } from './providerCost';
import { renderTimes } from './vscodeRender';

const goalMs = 1000;
const i = process.argv.indexOf('--counts');
const counts = (i > 0 ? process.argv[i + 1] ?? '' : '1000,10000').split(',').map(Number).filter((n) => n > 0);

async function main(): Promise<void> {
  const provider = providerCost();
  const vscode = await renderTimes(counts);
  const verdict = (n: number, ms: number): string => (n >= 10_000 ? (ms < goalMs ? 'met' : 'missed') : '');
  const md = [
    markdownTable(
      ['nodes', 'first render in VS Code (expand -> first rows on screen)', 'to the end of the first page (End key)', 'goal at 10,000', ''],
      vscode.map((r) => [r.nodes, `${r.firstRenderMs} ms`, `${r.wholePageMs} ms`, `< ${goalMs} ms`, verdict(r.nodes, r.firstRenderMs)]),
    ),
    '',
    'The tree provider alone (plain Node: getChildren and every visible item, median of 3):',
    '',
    markdownTable(['nodes', 'shape', 'rows', 'median', 'min / max'], provider.map((r) => [r.nodes, r.shape, r.rows, `${r.medianMs} ms`, `${r.minMs} / ${r.maxMs} ms`])),
  ].join('\n');
  writeReport('tree', { goalMs, vscode, provider }, md);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
