// The time-window picker both panels share (a vscode-single-select).
import { fill } from '../logic/text';
import { h } from './dom';

/** 5, 15, 30 minutes and the whole history the model keeps. */
export function windowOptions(historyMinutes: number): number[] {
  return [...new Set([5, 15, 30, historyMinutes].filter((m) => m <= historyMinutes))].sort((a, b) => a - b);
}

export function windowSelect(
  strings: { windowLabel: string; windowMinutes: string },
  historyMinutes: number,
  current: number,
  onChange: (minutes: number) => void,
): HTMLElement {
  const options = windowOptions(historyMinutes);
  const value = options.includes(current) ? current : options[options.length - 1]!;
  const select = h('vscode-single-select', { id: 'window-select', class: 'window-select' },
    ...options.map((m) => h('vscode-option', { value: String(m), selected: m === value }, fill(strings.windowMinutes, m))),
  ) as HTMLElement & { value: string; label: string };
  select.label = strings.windowLabel;
  select.addEventListener('change', () => {
    const m = Number(select.value);
    if (Number.isFinite(m) && m > 0) onChange(m);
  });
  return h('div', { class: 'toolbar-item' }, h('vscode-label', { for: 'window-select' }, strings.windowLabel), select);
}
