import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute } from '../src/lib/matchRoute';
import { safeNext } from '../src/lib/safeNext';
import { repoStatusText } from '../src/lib/repoStatus';
import { formErrors } from '../src/lib/fieldErrors';
import { ApiError } from '../src/api/errors';
import { duration, plural } from '../src/lib/format';
import type { Repository } from '../src/api/types';

test('routes match their named parts only', () => {
  assert.deepEqual(matchRoute('/connections/:id', '/connections/12'), { id: '12' });
  assert.deepEqual(matchRoute('/connections', '/connections/'), {});
  assert.equal(matchRoute('/connections/:id', '/connections/12/x'), null);
  assert.equal(matchRoute('/connections', '/sign-in'), null);
});

test('after sign-in only a path of this site is followed', () => {
  assert.equal(safeNext('/connections/3?x=1'), '/connections/3?x=1');
  for (const bad of ['//evil.example/x', 'https://evil.example', '/\\evil.example', '/sign-in?next=/x', null, '']) {
    assert.equal(safeNext(bad), '/connections', String(bad));
  }
});

test('a repository status reads as the product says it', () => {
  const repo = (status: 'connected' | 'error', status_reason: string) => ({ status, status_reason }) as Repository;
  assert.equal(repoStatusText(repo('connected', '')), 'Connected');
  assert.equal(repoStatusText(repo('error', 'not_found')), 'Not found');
  assert.equal(repoStatusText(repo('error', 'access_revoked')), 'Access revoked');
  assert.equal(repoStatusText(repo('error', 'sso_required')), 'SSO required');
  assert.equal(repoStatusText(repo('error', 'something_new')), 'something new');
});

test('an error naming a field of the form goes next to it; others go to the form', () => {
  const field = new ApiError(422, 'invalid_argument', 'too short', { field: 'password' }, null);
  assert.deepEqual(formErrors(field, ['password']), { fields: { password: 'too short' }, form: null });
  assert.deepEqual(formErrors(field, ['email']), { fields: {}, form: 'too short' });
});

test('durations and counts read naturally', () => {
  assert.equal(duration(950), '950 ms');
  assert.equal(duration(75_000), '1 min 15 s');
  assert.equal(duration(3 * 3600_000), '3 h');
  assert.equal(duration(null), '-');
  assert.equal(plural(1, 'object'), '1 object');
  assert.equal(plural(2500, 'repository', 'repositories'), '2,500 repositories');
});
