import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageHistory } from './usageHistory';

test('usage history keeps the newest samples and omits unmeasured fields', () => {
  const h = new UsageHistory(3);
  h.push({ at: 1, cpuMillicores: 10, memoryBytes: 100 });
  h.push({ at: 2, memoryBytes: 200, pods: 3 });
  h.push({ at: 3, cpuMillicores: 30 });
  h.push({ at: 4, cpuMillicores: 40, fsUsedBytes: 5, fsCapacityBytes: 10 });
  assert.deepEqual(h.toArray(), [
    { at: 2, memoryBytes: 200, pods: 3 },
    { at: 3, cpuMillicores: 30 },
    { at: 4, cpuMillicores: 40, fsUsedBytes: 5, fsCapacityBytes: 10 },
  ]);
  h.dropBefore(4);
  assert.deepEqual(h.toArray().map((u) => u.at), [4]);
  h.push({ at: 5 });
  assert.equal(h.size, 2);
});
