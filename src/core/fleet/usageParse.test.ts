import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNodeMetrics, parseSummary, usageFailureReason } from './usageParse';

const summary = (cores: number | undefined, cumNs: number, time: string) => ({
  node: {
    nodeName: 'dev-1',
    cpu: { time, ...(cores === undefined ? {} : { usageNanoCores: cores }), usageCoreNanoSeconds: cumNs },
    memory: { time, workingSetBytes: 123_000_000, usageBytes: 200_000_000 },
    fs: { usedBytes: 5e9, capacityBytes: 20e9, availableBytes: 15e9 },
  },
  pods: [{}, {}, {}],
});

test('summary with usageNanoCores gives CPU at once', () => {
  const { usage } = parseSummary(summary(250_000_000, 1e12, '2026-01-01T00:00:00Z'), 42);
  assert.deepEqual(usage, { at: 42, cpuMillicores: 250, memoryBytes: 123_000_000, fsUsedBytes: 5e9, fsCapacityBytes: 20e9, pods: 3 });
});

test('summary without usageNanoCores needs two samples', () => {
  const first = parseSummary(summary(undefined, 10e9, '2026-01-01T00:00:00Z'), 1);
  assert.equal(first.usage.cpuMillicores, undefined);
  // 1.5 core-seconds over 10 s = 150 millicores
  const second = parseSummary(summary(undefined, 11.5e9, '2026-01-01T00:00:10Z'), 2, first.cpu);
  assert.equal(second.usage.cpuMillicores, 150);
});

test('node metrics parse per node', () => {
  const m = parseNodeMetrics({ items: [{ metadata: { name: 'a' }, usage: { cpu: '123456789n', memory: '2048Ki' } }] }, 7);
  assert.deepEqual(m.get('a'), { at: 7, cpuMillicores: 123, memoryBytes: 2048 * 1024 });
});

test('failure reasons name the cause', () => {
  assert.match(usageFailureReason(403, 'nodes "x" is forbidden'), /forbidden/);
  assert.match(usageFailureReason(502, 'error trying to reach service: dial tcp 10.0.0.1:10250: connect: no route to host'), /no route/);
  assert.match(usageFailureReason(undefined, 'ETIMEDOUT'), /no route/);
});
