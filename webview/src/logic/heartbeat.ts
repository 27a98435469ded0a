// Heartbeat freshness against the node lease. The kubelet renews its Lease every
// quarter of the lease duration, and the node lifecycle controller gives up on a
// node once a whole duration passes without renewal; the levels follow that.

export type HeartbeatLevel = 'fresh' | 'late' | 'stale' | 'unknown';

export function heartbeatLevel(ageMs: number | undefined, leaseDurationSeconds: number): HeartbeatLevel {
  if (ageMs === undefined || !Number.isFinite(ageMs)) return 'unknown';
  const lease = leaseDurationSeconds * 1000;
  if (ageMs <= lease / 2) return 'fresh';
  if (ageMs <= lease) return 'late';
  return 'stale';
}
