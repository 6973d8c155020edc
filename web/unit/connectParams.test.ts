import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialValue, paramLabel, paramValue } from '../src/lib/connectParams';
import type { ConnectParam } from '../src/api/types';

const param = (changes: Partial<ConnectParam>): ConnectParam => ({ name: 'x', type: 'string', required: false, secret: false, description: '', ...changes });

test('a field is labelled by the description, else by the name', () => {
  assert.equal(paramLabel(param({ name: 'private_app_token', description: 'A private app token: pat-...' })), 'A private app token: pat-...');
  assert.equal(paramLabel(param({ name: 'expires_in' })), 'expires in');
});

test('defaults become the starting text', () => {
  assert.equal(initialValue(param({ type: 'integer', default: 10 })), '10');
  assert.equal(initialValue(param({ type: 'string_list', default: ['a', 'b'] })), 'a\nb');
  assert.equal(initialValue(param({ type: 'boolean' })), 'false');
  assert.equal(initialValue(param({})), '');
});

test('values are typed as the plugin declares them', () => {
  assert.deepEqual(paramValue(param({ type: 'integer' }), ' 42 '), { value: 42 });
  assert.deepEqual(paramValue(param({ type: 'integer' }), '4.5'), { error: 'Not a whole number' });
  assert.deepEqual(paramValue(param({ type: 'number' }), 'abc'), { error: 'Not a number' });
  assert.deepEqual(paramValue(param({ type: 'boolean' }), 'true'), { value: true });
  assert.deepEqual(paramValue(param({ type: 'string_list' }), 'a\n\n b \n'), { value: ['a', 'b'] });
  assert.deepEqual(paramValue(param({ type: 'object' }), '{"a":1}'), { value: { a: 1 } });
  assert.deepEqual(paramValue(param({ type: 'object' }), '[1]'), { error: 'Not a JSON object' });
  assert.deepEqual(paramValue(param({ type: 'object' }), '{'), { error: 'Not valid JSON' });
});

test('a required field left empty is an error, an optional one is left out', () => {
  assert.deepEqual(paramValue(param({ required: true }), '  '), { error: 'Required' });
  assert.deepEqual(paramValue(param({}), ''), {});
});

test('a secret is sent exactly as typed, other strings trimmed', () => {
  assert.deepEqual(paramValue(param({ secret: true }), ' pat-1 '), { value: ' pat-1 ' });
  assert.deepEqual(paramValue(param({}), ' label '), { value: 'label' });
});
