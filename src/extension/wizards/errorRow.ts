// How a problem found on a quick-pick step is shown, each part once: the placeholder says
// what failed (its first sentence), the error row leading the list says the rest (why and
// what to do) over its label and detail, and when that is too long for a row (at 1280 px
// the remedy was cut off) the row says that Enter on it shows the whole message. Pure.
import { splitSentence } from './validation';

export interface ErrorRow {
  placeholder: string;
  label: string;
  detail?: string;
}

/** About what a row's label or detail shows at 1280 px before it is cut. */
export const rowFits = 110;

export function errorRowFor(problem: string, l10n: { t(m: string, ...a: unknown[]): string } = { t: (m) => m }): ErrorRow {
  const [what, rest] = splitSentence(problem.trim());
  if (!rest) return { placeholder: what, label: `$(error) ${what}` };
  const [why, remedy] = splitSentence(rest);
  const long = what.length > rowFits || why.length > rowFits || (remedy?.length ?? 0) > rowFits;
  const pointer = long ? l10n.t('(Enter on this row shows the whole message.)') : undefined;
  return { placeholder: what, label: `$(error) ${why}`, detail: [remedy, pointer].filter(Boolean).join(' ') || undefined };
}
