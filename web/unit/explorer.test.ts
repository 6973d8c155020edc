import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explorerUrl } from '../src/components/explorer/urls';
import { matchRoute } from '../src/lib/matchRoute';

test("the explorer's addresses hold the type, the object and the list's state", () => {
  assert.equal(explorerUrl(7), '/connections/7/metadata');
  assert.equal(explorerUrl(7, 'workflows'), '/connections/7/metadata/workflows');
  assert.equal(explorerUrl(7, 'workflows', '12', { q: 'deal stage', all: true, view: 'sent' }), '/connections/7/metadata/workflows/12?q=deal+stage&all=1&view=sent');
  assert.equal(explorerUrl(7, 'workflows', undefined, { q: '', all: false }), '/connections/7/metadata/workflows');
});

test('an object id with slashes, spaces or percent signs survives the round trip through the route', () => {
  for (const id of ['a/b', 'p q', '100%', 'ü?#&', '..']) {
    const path = explorerUrl(3, 'contact_properties', id);
    assert.deepEqual(matchRoute('/connections/:id/metadata/:type/:object', path), { id: '3', type: 'contact_properties', object: id });
  }
});
