// What the Node Usage panel remembers across hide/show and reloads.
import { isNumber, isRecord, isString } from '../../../src/protocol';
import type { SortSpec } from '../logic/sort';

export const usageSortKeys = ['name', 'state', 'cpu', 'memory', 'fs', 'pods', 'heartbeat'] as const;
export type UsageSortKey = (typeof usageSortKeys)[number];

export interface UsageUi {
  sort: SortSpec<UsageSortKey>;
  selectedNodeId?: string;
  windowMinutes: number;
}

export const defaultUsageUi: UsageUi = { sort: { key: 'name', direction: 'asc' }, windowMinutes: 60 };

export function isUsageUi(v: unknown): v is UsageUi {
  return (
    isRecord(v) &&
    isRecord(v.sort) &&
    (usageSortKeys as readonly unknown[]).includes(v.sort.key) &&
    (v.sort.direction === 'asc' || v.sort.direction === 'desc') &&
    (v.selectedNodeId === undefined || isString(v.selectedNodeId)) &&
    isNumber(v.windowMinutes)
  );
}
