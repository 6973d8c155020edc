import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainStatus, statusLabel } from '../src/lib/statusText';
import { connection } from './fixtures';

const now = Date.parse('2026-12-07T12:00:00Z');

test('each status has the word the status reference uses', () => {
  assert.deepEqual(Object.values(statusLabel), ['pending', 'in progress', 'completed', 'error']);
});

test('pending says where in the queue and for how long, and how long to wait', () => {
  const c = connection({
    status: 'pending',
    queue: { job: 3, pipeline: 'retrieve', position: 2, waiting_seconds: 75, attempts: 0, run_after: null, behind_running_job: null, last_error: '' },
  });
  const e = explainStatus(c, 'portal', now);
  assert.equal(e.summary, 'Queued: 2nd in line, waiting 1 min 15 s');
  assert.ok(e.facts.includes('Place in the queue: 2'));
  assert.match(e.action, /within a minute/);
  assert.match(e.action, /5 minutes/);
});

test('pending without a queued job and never retrieved says retrieval has not run yet', () => {
  assert.equal(explainStatus(connection({ status: 'pending', queue: null }), 'portal', now).summary, 'Retrieval not run yet');
});

test('a retry in the future and the last error are in the tooltip', () => {
  const c = connection({
    status: 'pending',
    queue: { job: 3, pipeline: 'retrieve', position: 1, waiting_seconds: 5, attempts: 1, run_after: '2026-12-07T12:02:00Z', behind_running_job: 9, last_error: 'HubSpot answered 503' },
  });
  const facts = explainStatus(c, 'portal', now).facts;
  assert.ok(facts.includes('Retry in 2 min (attempt 2)'), facts.join(' / '));
  assert.ok(facts.includes('Last attempt: HubSpot answered 503'));
  assert.ok(facts.some((f) => f.includes('running job')));
});

test('in progress shows the type being fetched and its progress', () => {
  const e = explainStatus(connection({ status: 'in_progress', progress: { done: 40, total: 160, type: 'contact_properties' } }), 'portal', now);
  assert.equal(e.summary, 'Fetching contact properties: 40 of 160');
  assert.deepEqual(e.facts, ['Contact properties: 40 of 160 (25%)']);
  assert.match(e.action, /2 to 10 minutes .* portal/);
});

test('completed shows when and the object counts by type', () => {
  const e = explainStatus(
    connection({
      retrieved_at: '2026-12-07T11:00:00Z',
      last_retrieval: { finished_at: '2026-12-07T11:00:00Z', duration_ms: 4200, objects: 1234, objects_by_type: { workflows: 1000, forms: 234 } },
    }),
    'portal',
    now,
  );
  assert.equal(e.summary, 'Retrieved 1 h ago · 1,234 objects');
  assert.ok(e.facts.includes('Workflows: 1,000'));
  assert.ok(e.facts.includes('Forms: 234'));
  assert.ok(e.facts.includes('1,234 objects in 4 s'));
});

test('error shows the message, and a dead sign-in asks to reconnect', () => {
  const failed = explainStatus(connection({ status: 'error', status_detail: 'HubSpot cannot be reached', status_code: 'dns_failure' }), 'portal', now);
  assert.equal(failed.summary, 'HubSpot cannot be reached');
  assert.match(failed.action, /retrieve again/);
  for (const code of ['reauth_required', 'unauthenticated']) {
    const dead = explainStatus(connection({ status: 'error', status_detail: 'Token refresh failed', status_code: code }), 'portal', now);
    assert.match(dead.action, /^Reconnect the portal/);
  }
});
