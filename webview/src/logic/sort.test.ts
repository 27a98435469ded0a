import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextSort, sortRows } from './sort';

interface Row { name: string; cpu?: number }
const rows: Row[] = [{ name: 'node-10', cpu: 5 }, { name: 'node-2' }, { name: 'node-1', cpu: 50 }, { name: 'node-3', cpu: 5 }];
const value = (r: Row, k: 'name' | 'cpu'): string | number | undefined => r[k];

test('numbers sort numerically, missing values last in both directions, ties stable', () => {
  assert.deepEqual(sortRows(rows, { key: 'cpu', direction: 'desc' }, value).map((r) => r.name), ['node-1', 'node-10', 'node-3', 'node-2']);
  assert.deepEqual(sortRows(rows, { key: 'cpu', direction: 'asc' }, value).map((r) => r.name), ['node-10', 'node-3', 'node-1', 'node-2']);
});

test('names sort with numeric collation', () => {
  assert.deepEqual(sortRows(rows, { key: 'name', direction: 'asc' }, value).map((r) => r.name), ['node-1', 'node-2', 'node-3', 'node-10']);
});

test('nextSort flips the same column and starts numbers descending', () => {
  assert.deepEqual(nextSort({ key: 'name', direction: 'asc' }, 'name', false), { key: 'name', direction: 'desc' });
  assert.deepEqual(nextSort({ key: 'name', direction: 'asc' }, 'cpu', true), { key: 'cpu', direction: 'desc' });
  assert.deepEqual(nextSort({ key: 'cpu', direction: 'desc' }, 'name', false), { key: 'name', direction: 'asc' });
});
