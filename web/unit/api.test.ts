import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPath } from '../src/api/client';
import { errorFrom, messageOf } from '../src/api/errors';

test('path parameters are filled and encoded, empty query values left out', () => {
  assert.equal(buildPath('/api/v1/connections/{id}/branches', { id: 3 }, { repository: 'acme/a b', x: undefined }),
    '/api/v1/connections/3/branches?repository=acme%2Fa+b');
  assert.equal(buildPath('/api/v1/repos/{id}', { id: '../x' }), '/api/v1/repos/..%2Fx');
  assert.throws(() => buildPath('/api/v1/repos/{id}'), /missing path parameter id/);
});

test('an API error keeps its code, field and message', async () => {
  const response = new Response(JSON.stringify({ error: { code: 'invalid_argument', message: 'too short', details: { field: 'password' } } }), { status: 422 });
  const error = await errorFrom(response);
  assert.equal(error.code, 'invalid_argument');
  assert.equal(error.field, 'password');
  assert.equal(error.display, 'too short');
});

test('a throttle says how long to wait, from details or from Retry-After', async () => {
  const fromDetails = await errorFrom(new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down', details: { retry_after: 12 } } }), { status: 429 }));
  assert.equal(fromDetails.display, 'Too many attempts: try again in 12 s');
  const fromHeader = await errorFrom(new Response('{"error":{"code":"rate_limited","message":"m","details":{}}}', { status: 429, headers: { 'Retry-After': '7' } }));
  assert.equal(fromHeader.display, 'Too many attempts: try again in 7 s');
});

test('a body that is not JSON still gives a message', async () => {
  const error = await errorFrom(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
  assert.equal(error.message, 'The service answered 502 Bad Gateway');
  assert.match(messageOf(new TypeError('fetch failed')), /cannot be reached/);
});
