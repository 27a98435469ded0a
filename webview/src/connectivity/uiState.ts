// What the Connectivity panel remembers across hide/show and reloads.
import { isNumber, isRecord } from '../../../src/protocol';
import type { SortSpec } from '../logic/sort';

export const heartbeatSortKeys = ['name', 'state', 'heartbeat'] as const;
export type HeartbeatSortKey = (typeof heartbeatSortKeys)[number];

export interface ConnectivityUi {
  windowMinutes: number;
  sort: SortSpec<HeartbeatSortKey>;
}

export const defaultConnectivityUi: ConnectivityUi = { windowMinutes: 60, sort: { key: 'heartbeat', direction: 'desc' } };

export function isConnectivityUi(v: unknown): v is ConnectivityUi {
  return (
    isRecord(v) &&
    isNumber(v.windowMinutes) &&
    isRecord(v.sort) &&
    (heartbeatSortKeys as readonly unknown[]).includes(v.sort.key) &&
    (v.sort.direction === 'asc' || v.sort.direction === 'desc')
  );
}
