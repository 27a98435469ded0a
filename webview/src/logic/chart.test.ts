import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartGeometry, gapThreshold, niceCeil, timeTicks, type ChartBox } from './chart';

const box: ChartBox = { width: 110, height: 60, left: 10, right: 0, top: 0, bottom: 10 };

test('niceCeil rounds up to 1, 2, 2.5, 5 times a power of ten', () => {
  assert.equal(niceCeil(0), 1);
  assert.equal(niceCeil(-3), 1);
  assert.equal(niceCeil(1), 1);
  assert.equal(niceCeil(1.2), 2);
  assert.equal(niceCeil(2.2), 2.5);
  assert.equal(niceCeil(37), 50);
  assert.equal(niceCeil(730), 1000);
  assert.equal(niceCeil(0.03), 0.05);
});

test('timeTicks land on round minutes inside the window', () => {
  const from = Date.UTC(2026, 0, 1, 10, 0, 30);
  const to = from + 60 * 60_000;
  const ticks = timeTicks(from, to);
  assert.ok(ticks.length >= 2 && ticks.length <= 6, `got ${ticks.length}`);
  for (const t of ticks) {
    assert.equal(t % 60_000, 0);
    assert.ok(t >= from && t <= to);
  }
  assert.deepEqual(timeTicks(to, from), []);
});

test('paths scale into the plot box and break at missing values', () => {
  const g = chartGeometry({
    box,
    from: 0,
    to: 100,
    series: [[
      { at: 0, value: 0 },
      { at: 10, value: 50 },
      { at: 20 },
      { at: 30, value: 100 },
      { at: 40, value: 100 },
    ]],
  });
  assert.equal(g.yMax, 100);
  // x: 10 + t; y: 50 - v/2
  assert.equal(g.paths[0], 'M10 50 L20 25 M40 0 L50 0');
  assert.deepEqual(g.lastPoints[0], { x: 50, y: 0, value: 100 });
});

test('points far apart in time are not joined', () => {
  const series = [[{ at: 0, value: 1 }, { at: 10, value: 1 }, { at: 20, value: 1 }, { at: 90, value: 1 }]];
  const g = chartGeometry({ box, from: 0, to: 100, series });
  assert.equal(gapThreshold(series[0]!), 30);
  assert.equal((g.paths[0]!.match(/M/g) ?? []).length, 2);
});

test('samples outside the window are ignored, markers mapped to x', () => {
  const g = chartGeometry({
    box,
    from: 100,
    to: 200,
    series: [[{ at: 50, value: 999 }, { at: 150, value: 4 }]],
    markers: [50, 150, 250],
  });
  assert.equal(g.yMax, 5);
  assert.deepEqual(g.markers, [60]);
});

test('an empty series yields an empty path and no last point', () => {
  const g = chartGeometry({ box, from: 0, to: 100, series: [[], [{ at: 5 }]] });
  assert.deepEqual(g.paths, ['', '']);
  assert.deepEqual(g.lastPoints, [undefined, undefined]);
  assert.equal(g.yMax, 1);
});

test('the axis starts at the first sample when that is inside the window, with a two-minute minimum', async () => {
  const { chartWindow, chartWidth } = await import('./chart');
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  // A node five minutes old: five minutes, not sixty.
  assert.deepEqual(chartWindow(now, 60, 60, now - 5 * 60_000), { from: now - 5 * 60_000, to: now });
  // Thirty seconds of samples: still a two-minute axis.
  assert.deepEqual(chartWindow(now, 60, 60, now - 30_000), { from: now - 120_000, to: now });
  // Older than the window, or the window larger than the history kept: the window.
  assert.deepEqual(chartWindow(now, 15, 60, now - 50 * 60_000), { from: now - 15 * 60_000, to: now });
  assert.deepEqual(chartWindow(now, 120, 60, undefined), { from: now - 60 * 60_000, to: now });
  // Charts follow the panel's width (1920 px wide panels were capped at 900).
  assert.equal(chartWidth(1880), 1848);
  assert.equal(chartWidth(100), 240);
});
