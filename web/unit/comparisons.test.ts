import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../src/api/errors';
import type { Counts } from '../src/api/comparisons';
import {
  comparisonStatusText,
  comparisonUrl,
  emptyChoice,
  filterFromSearch,
  keyText,
  sideFromChoice,
  sideOfError,
  summaryRows,
} from '../src/lib/comparisonText';
import { matchRoute } from '../src/lib/matchRoute';

const counts = (partial: Partial<Counts>): Counts => ({ added: 0, removed: 0, changed: 0, unchanged: 0, ambiguous: 0, unmatchable: 0, ...partial });
const progress = { done: 0, total: 0, type: '' };

test("a comparison's status reads as a sentence with its progress or its error", () => {
  assert.equal(comparisonStatusText({ status: 'pending', status_detail: '', progress, differences: 0 }), 'Waiting for a worker');
  assert.equal(
    comparisonStatusText({ status: 'in_progress', status_detail: '', progress: { done: 2, total: 5, type: 'workflows' }, differences: 0 }),
    'Comparing, 2 of 5 types done: workflows',
  );
  assert.equal(comparisonStatusText({ status: 'in_progress', status_detail: '', progress, differences: 0 }), 'Comparing');
  assert.equal(comparisonStatusText({ status: 'completed', status_detail: '', progress, differences: 0 }), 'Completed: no differences');
  assert.equal(comparisonStatusText({ status: 'completed', status_detail: '', progress, differences: 1 }), 'Completed: 1 difference');
  assert.equal(comparisonStatusText({ status: 'completed', status_detail: '', progress, differences: 1234 }), `Completed: ${(1234).toLocaleString()} differences`);
  assert.equal(
    comparisonStatusText({ status: 'error', status_detail: "right: backup 3 has no ref 'nope' in acme/x", progress, differences: 0 }),
    "Failed: right: backup 3 has no ref 'nope' in acme/x",
  );
});

test('an API error belongs to the side its field or its message names, or to neither', () => {
  const error = (field: string | undefined, message: string) => new ApiError(422, 'invalid', message, field ? { field } : {}, null);
  assert.equal(sideOfError(error('left.snapshot', 'snapshot must be an integer')), 'left');
  assert.equal(sideOfError(error('right', 'give a connection or a backup')), 'right');
  assert.equal(sideOfError(error(undefined, "right: snapshot 7 of Production was pruned or never existed")), 'right');
  assert.equal(sideOfError(error(undefined, "left: no connection 'prod' in this workspace")), 'left');
  assert.equal(sideOfError(error('types', 'unknown type')), null);
  assert.equal(sideOfError(error('leftover', 'not a side')), null);
  assert.equal(sideOfError(new Error('left: not an API error')), null);
});

test("a picker's choice becomes exactly one of the API's side forms, or says what is missing", () => {
  assert.deepEqual(sideFromChoice(emptyChoice()), { missing: 'Choose a portal' });
  assert.deepEqual(sideFromChoice({ ...emptyChoice(), connection: '4' }), { side: { connection: 4 } });
  assert.deepEqual(sideFromChoice({ ...emptyChoice(), kind: 'snapshot', connection: '4' }), { missing: 'Choose a snapshot' });
  assert.deepEqual(sideFromChoice({ ...emptyChoice(), kind: 'snapshot', connection: '4', snapshot: '41' }), { side: { connection: 4, snapshot: 41 } });
  assert.deepEqual(sideFromChoice({ ...emptyChoice(), kind: 'backup', connection: '4' }), { missing: 'Choose a backup' });
  assert.deepEqual(sideFromChoice({ ...emptyChoice(), kind: 'backup', connection: '4', backup: '3' }), { side: { backup: 3 } });
  assert.deepEqual(sideFromChoice({ ...emptyChoice(), kind: 'backup', connection: '4', backup: '3', ref: '  v1.2 ' }), { side: { backup: 3, ref: 'v1.2' } });
  // The snapshot of the current kind is ignored: a stale choice never leaks into the request.
  assert.deepEqual(sideFromChoice({ ...emptyChoice(), connection: '4', snapshot: '41', backup: '3' }), { side: { connection: 4 } });
});

test('the summary lists the types with differences first, then by name', () => {
  const rows = summaryRows({
    workflows: counts({ unchanged: 3 }),
    pipelines: counts({ changed: 1 }),
    contact_properties: counts({ unchanged: 9 }),
    forms: counts({ ambiguous: 1 }),
  });
  assert.deepEqual(rows.map(([type]) => type), ['forms', 'pipelines', 'contact_properties', 'workflows']);
  assert.deepEqual(summaryRows(null), []);
});

test("a comparison's address holds the filters and the opened object, and reads back the same", () => {
  assert.equal(comparisonUrl(7), '/comparisons/7');
  assert.equal(comparisonUrl(7, { type: 'workflows', kind: 'changed', change: 12 }), '/comparisons/7?type=workflows&kind=changed&change=12');
  assert.equal(comparisonUrl(7, { type: '', kind: '', change: null }), '/comparisons/7');
  const url = new URL(comparisonUrl(7, { type: 'a b&c', kind: 'removed', change: 3 }), 'http://x');
  assert.deepEqual(filterFromSearch(url.searchParams), { type: 'a b&c', kind: 'removed', change: 3 });
  assert.deepEqual(matchRoute('/comparisons/:id', url.pathname), { id: '7' });
  // A kind or a change id that is not one is dropped rather than sent to the API.
  assert.deepEqual(filterFromSearch(new URLSearchParams('kind=everything&change=-2')), { type: '', kind: '', change: null });
  assert.deepEqual(filterFromSearch(new URLSearchParams('change=1.5')), { type: '', kind: '', change: null });
});

test('a natural key reads without JSON quotes when it is one string, and as its JSON otherwise', () => {
  assert.equal(keyText('"Workflow 2 🚀 Launch 🎉"'), 'Workflow 2 🚀 Launch 🎉');
  assert.equal(keyText('"a \\"quoted\\" name"'), 'a "quoted" name');
  assert.equal(keyText('["deals","Sales"]'), '["deals","Sales"]');
  assert.equal(keyText('42'), '42');
  assert.equal(keyText('not json'), 'not json');
});
