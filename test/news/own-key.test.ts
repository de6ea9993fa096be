// ownValue: constant tables looked up with outside text find only their own keys.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownValue } from '../../src/news/own-key.js';

test("a table's own keys are found; what every object inherits is not", () => {
  const table: Record<string, number> = { hourly: 3600, daily: 86_400 };
  assert.equal(ownValue(table, 'daily'), 86_400);
  assert.equal(ownValue(table, 'weekly'), undefined);
  for (const inherited of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    assert.equal(table[inherited] === undefined, false, `${inherited} is inherited, so a plain lookup finds it`);
    assert.equal(ownValue(table, inherited), undefined, inherited);
  }
});
