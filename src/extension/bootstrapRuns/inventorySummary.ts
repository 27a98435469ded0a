// The summary document an inventory bootstrap opens: one row per device, failures first
// with what to do. Pure, unit-tested.
import type { FleetSummary } from '../../core/inventory/fleet';
import type { L10n } from '../tree/l10nTypes';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function inventorySummaryMarkdown(file: string, controlPlane: string, s: FleetSummary, l10n: L10n): string {
  const rows = [...s.outcomes].sort((a, b) => Number(a.ok) - Number(b.ok) || a.name.localeCompare(b.name));
  const lines = [
    `# ${l10n.t('Inventory bootstrap into {0}', controlPlane)}`,
    '',
    l10n.t('Inventory: {0}', file),
    '',
    l10n.t('{0} joined, {1} failed.', s.succeeded, s.failed),
    '',
    `| ${l10n.t('Device')} | ${l10n.t('Result')} | ${l10n.t('Time')} | ${l10n.t('Details')} |`,
    '| --- | --- | --- | --- |',
  ];
  for (const o of rows) {
    const result = o.ok ? l10n.t('joined') : l10n.t('failed');
    const details = o.ok
      ? o.acted.length > 0
        ? l10n.t('node {0}; changed: {1}', o.nodeName ?? o.name, o.acted.join(', '))
        : l10n.t('node {0}; already joined, nothing changed', o.nodeName ?? o.name)
      : (o.error ?? '');
    lines.push(`| ${cell(o.name)} | ${result} | ${(o.durationMs / 1000).toFixed(1)} s | ${cell(details)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** One summary file per control plane, rewritten by each run: the same tab, not a new "Untitled" each time. */
export function summaryFileName(controlPlaneId: string): string {
  return `inventory-${controlPlaneId.replace(/[^A-Za-z0-9.-]+/g, '_')}.md`;
}
