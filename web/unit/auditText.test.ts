// How an audit entry's target and details read on the Audit log page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditTime, detailsText, targetText } from '../src/components/people/auditText';
import type { AuditRecord } from '../src/api/people';

function entry(fields: Partial<AuditRecord>): AuditRecord {
  return {
    id: 1,
    at: '2026-12-07T20:00:00Z',
    user_id: 1,
    user_email: 'owner@acme.test',
    action: 'connection.rename',
    target_type: 'connection',
    target_id: '7',
    target_name: null,
    details: null,
    remote_addr: '127.0.0.1',
    ...fields,
  };
}

test('details read as key: value pairs, strings without their quotes', () => {
  assert.equal(detailsText({ label: 'Acme main portal' }), 'label: Acme main portal');
  assert.equal(detailsText({ link: 4, purpose: 'member' }), 'link: 4, purpose: member');
  assert.equal(detailsText({ types: ['a', 'b'], on: true }), 'types: ["a","b"], on: true');
});

test('no details read as nothing; a value that is not an object reads as itself', () => {
  assert.equal(detailsText(null), '');
  assert.equal(detailsText(undefined), '');
  assert.equal(detailsText(''), '');
  assert.equal(detailsText('plain'), 'plain');
  assert.equal(detailsText([1, 2]), '[1,2]');
});

test('a long value is shortened with an ellipsis, to 80 characters', () => {
  const text = detailsText({ label: 'x'.repeat(200) });
  assert.equal(text, `label: ${'x'.repeat(79)}…`);
});

test('the target names its type (underscores as spaces) and id', () => {
  assert.equal(targetText(entry({})), 'connection 7');
  assert.equal(targetText(entry({ target_name: 'Acme portal' })), 'connection Acme portal');
  assert.equal(targetText(entry({ target_type: 'backup_config', target_id: '3' })), 'backup config 3');
  assert.equal(targetText(entry({ target_type: 'workspace', target_id: '' })), 'workspace');
});

test('the time reads to the second; none reads as a dash; a value that is no date reads as sent', () => {
  assert.match(auditTime('2026-12-07T20:00:07Z'), /:07/);
  assert.equal(auditTime(null), '-');
  assert.equal(auditTime('yesterday'), 'yesterday');
});
