// The API calls of the Members and Audit log pages (one function per call, as in endpoints.ts),
// with the names of the schemas they answer.
import { call } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];
export type Member = Schemas['Member'];
export type AuditRecord = Schemas['AuditRecord'];
export type PasswordLink = Schemas['PasswordLink'];

const member = (ws: number, user: number) => ({ ws, user_id: user });

export const peopleApi = {
  members: (ws: number, signal?: AbortSignal) =>
    call('get', '/api/v1/workspaces/{ws}/members', { params: { ws }, cache: 'no-cache', signal }),
  addMember: (ws: number, email: string, role: Member['role']) =>
    call('post', '/api/v1/workspaces/{ws}/members', { params: { ws }, body: { email, role } }),
  changeRole: (ws: number, user: number, role: Member['role']) =>
    call('patch', '/api/v1/workspaces/{ws}/members/{user_id}', { params: member(ws, user), body: { role } }),
  removeMember: (ws: number, user: number) =>
    call('delete', '/api/v1/workspaces/{ws}/members/{user_id}', { params: member(ws, user) }),
  passwordLink: (ws: number, user: number) =>
    call('post', '/api/v1/workspaces/{ws}/members/{user_id}/password-link', { params: member(ws, user) }),
  /** One page of the audit log, newest first; `before` is the oldest id of the page seen last. */
  audit: (ws: number, limit: number, before?: number, signal?: AbortSignal) =>
    call('get', '/api/v1/workspaces/{ws}/audit', { params: { ws }, query: { limit, before }, cache: 'no-cache', signal }),
};
