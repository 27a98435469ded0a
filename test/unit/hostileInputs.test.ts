// Every hostile input of test/unit/hostile/cases.ts is refused with its message.
// The refusing functions are pure or check before they act, so a refusal leaves
// nothing behind; the tests of each module check that where something could be
// (files, the seed, devices).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { allCategories } from './hostile/cases';

const refused: Record<string, number> = {};

for (const [category, cases] of Object.entries(allCategories)) {
  describe(`hostile ${category}`, () => {
    for (const c of cases) {
      it(`refuses ${c.what}`, async () => {
        await assert.rejects(async () => c.run(), (err: unknown) => {
          assert.ok(err instanceof Error, `a ${typeof err} was thrown`);
          assert.match(err.message + (('hint' in err && typeof err.hint === 'string') ? ` ${err.hint}` : ''), c.message);
          return true;
        });
        refused[category] = (refused[category] ?? 0) + 1;
      });
    }
  });
}

after(() => {
  const total = Object.values(refused).reduce((a, b) => a + b, 0);
  const parts = Object.keys(allCategories).map((k) => `${k} ${refused[k] ?? 0}`).join(', ');
  console.log(`hostile inputs refused: ${total} (${parts})`);
});

describe('the hostile-input table', () => {
  it('holds at least 40 inputs across every category', () => {
    const sizes = Object.values(allCategories).map((c) => c.length);
    assert.ok(sizes.reduce((a, b) => a + b, 0) >= 40);
    for (const [k, cases] of Object.entries(allCategories)) assert.ok(cases.length >= 3, `${k} has at least 3 cases`);
  });
});
