// Table sorting: stable, and rows without a value always last whatever the direction,
// so "no metrics" rows do not masquerade as the smallest or the largest.

export type SortDirection = 'asc' | 'desc';

export interface SortSpec<K extends string> {
  key: K;
  direction: SortDirection;
}

export function sortRows<R, K extends string>(
  rows: readonly R[],
  spec: SortSpec<K>,
  valueOf: (row: R, key: K) => string | number | undefined,
): R[] {
  const sign = spec.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row, spec.key) }))
    .sort((a, b) => {
      if (a.value === undefined || b.value === undefined) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === undefined ? 1 : -1;
      }
      const c =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value), undefined, { numeric: true });
      return c !== 0 ? sign * c : a.index - b.index;
    })
    .map((x) => x.row);
}

/** Clicking the sorted column flips it; another column starts ascending (text) or descending (numbers). */
export function nextSort<K extends string>(current: SortSpec<K>, key: K, numeric: boolean): SortSpec<K> {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: numeric ? 'desc' : 'asc' };
}
