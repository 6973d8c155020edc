import type { Connection } from '../src/api/types';

/** A source connection as the API lists it, with `changes` on top. */
export function connection(changes: Partial<Connection> = {}): Connection {
  return {
    id: 7,
    workspace: 1,
    plugin: 'hubspot',
    kind: 'source',
    label: 'Production Portal',
    account_id: '62515',
    account_name: 'acme.example.com',
    auth_type: 'oauth',
    status: 'completed',
    status_detail: '',
    status_code: '',
    warnings: [],
    scopes_requested: [],
    scopes_granted: [],
    scopes_missing: [],
    token_expires_at: null,
    progress: { done: 0, total: 0, type: '' },
    created_at: '2026-12-07T10:00:00Z',
    retrieved_at: null,
    token_refreshed_at: null,
    last_retrieval: null,
    ...changes,
  };
}
