// What the status bar item says for the selected control plane. Pure, unit-tested.
import { displayName } from '../../core/ids';
import type { ControlPlaneView } from '../../core/fleet/types';
import { commands } from '../constants';
import { md, shortAge } from '../tree/format';
import type { L10n } from '../tree/l10nTypes';

export interface StatusSpec {
  text: string;
  /** Markdown. */
  tooltip: string;
  background?: 'warning' | 'error';
  command: string;
  /** Accessibility label without codicons. */
  ariaLabel: string;
}

export function statusFor(selectedId: string | undefined, cp: ControlPlaneView | undefined, l10n: L10n, now = Date.now()): StatusSpec {
  if (!selectedId) {
    const label = l10n.t('Select a control plane');
    return { text: `$(target) ${label}`, tooltip: l10n.t('Edgeplane: choose the control plane to watch here'), command: commands.selectControlPlane, ariaLabel: label };
  }
  const name = displayName(selectedId);
  if (!cp) {
    const label = l10n.t('{0} (not found)', name);
    return {
      text: `$(question) ${label}`,
      tooltip: l10n.t('The control plane {0} is not in the fleet (yet). Click to choose another.', md(selectedId)),
      command: commands.selectControlPlane,
      ariaLabel: label,
    };
  }
  const c = cp.connection;
  const details = [
    `**${md(cp.name)}** · ${md(cp.seed)}`,
    '',
    l10n.t('Phase: {0}', cp.phase),
    l10n.t('Apiserver: {0}', c.state),
    c.latencyMs !== undefined ? l10n.t('Probe latency: {0} ms', c.latencyMs) : undefined,
    c.reason ? l10n.t('Reason: {0}', md(c.reason)) : undefined,
    // Relative, as the panels say it; the status bar repaints on each probe, so it stays close.
    c.probedAt ? l10n.t('Last probe: {0}', ago(Date.parse(c.probedAt), now, l10n)) : undefined,
    l10n.t('Nodes: {0} of {1} Ready', cp.readyCount, cp.nodeCount),
    '',
    l10n.t('Click to show connectivity'),
  ].filter((l): l is string => l !== undefined);
  const tooltip = details.join('  \n');
  const latency = c.latencyMs !== undefined ? l10n.t('{0} ms', c.latencyMs) : '';
  const base = { tooltip, command: commands.showConnectivity };
  switch (c.state) {
    case 'connected': {
      const label = [cp.name, latency].filter(Boolean).join(' ');
      return { ...base, text: `$(pass-filled) ${label}`, ariaLabel: label };
    }
    case 'degraded': {
      const label = [cp.name, latency || l10n.t('degraded')].join(' ');
      return { ...base, text: `$(warning) ${label}`, background: 'warning', ariaLabel: l10n.t('{0} degraded', label) };
    }
    case 'unreachable': {
      const label = l10n.t('{0} unreachable', cp.name);
      return { ...base, text: `$(error) ${label}`, background: 'error', ariaLabel: label };
    }
    default:
      return { ...base, text: `$(loading~spin) ${cp.name}`, ariaLabel: cp.name };
  }
}

function ago(at: number, now: number, l10n: L10n): string {
  if (!Number.isFinite(at)) return l10n.t('unknown');
  return now - at < 1000 ? l10n.t('just now') : l10n.t('{0} ago', shortAge(now - at, l10n));
}
