import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact, resolvePointer, summarize } from '../src/components/explorer/summary';

const doc = { name: 'Deal flow', 'a/b': { 'c~d': 1 }, actions: [{ type: 'DELAY' }, { type: 'EMAIL' }, { other: 1 }], tags: ['x', 'y'], on: false, nested: { k: [1, 2] }, zero: 0 };

test('JSON pointers follow RFC 6901', () => {
  assert.equal(resolvePointer(doc, ''), doc);
  assert.equal(resolvePointer(doc, '/name'), 'Deal flow');
  assert.equal(resolvePointer(doc, '/a~1b/c~0d'), 1);
  assert.equal(resolvePointer(doc, '/actions/1/type'), 'EMAIL');
  assert.equal(resolvePointer(doc, '/actions/01/type'), undefined);
  assert.equal(resolvePointer(doc, '/actions/-'), undefined);
  assert.equal(resolvePointer(doc, '/missing'), undefined);
  assert.equal(resolvePointer(doc, '/toString'), undefined, 'no inherited properties');
  assert.equal(resolvePointer(doc, 'name'), undefined);
});

test('a summary reads each declared field; arrays as a count and their items', () => {
  const lines = summarize(doc, [
    { label: 'Name', pointer: '/name' },
    { label: 'Enabled', pointer: '/on' },
    { label: 'Zero', pointer: '/zero' },
    { label: 'Actions', pointer: '/actions', item: '/type' },
    { label: 'Tags', pointer: '/tags' },
    { label: 'Nested', pointer: '/nested' },
    { label: 'Absent', pointer: '/nope' },
  ]);
  assert.deepEqual(lines, [
    { label: 'Name', value: 'Deal flow' },
    { label: 'Enabled', value: 'false' },
    { label: 'Zero', value: '0' },
    { label: 'Actions', value: '3 items', items: { count: 3, values: ['DELAY', 'EMAIL'], truncated: false } },
    { label: 'Tags', value: '2 items', items: { count: 2, values: ['x', 'y'], truncated: false } },
    { label: 'Nested', value: '{"k":[1,2]}' },
    { label: 'Absent', value: null },
  ]);
});

test('long values are cut, long arrays show their first 50 elements', () => {
  assert.equal(compact('x'.repeat(500)).length, 160);
  const many = summarize({ a: Array.from({ length: 120 }, (_, i) => ({ n: i })) }, [{ label: 'A', pointer: '/a', item: '/n' }]);
  assert.equal(many[0].items?.values.length, 50);
  assert.equal(many[0].items?.truncated, true);
});
