// One function per API call the UI makes, so components never spell a path.
import { call } from './client';
import type { Connection } from './types';

const id = (value: number) => ({ id: value });

export const api = {
  session: () => call('get', '/api/v1/auth/session', { allowUnauthenticated: true, cache: 'no-cache' }),
  signIn: (email: string, password: string) =>
    call('post', '/api/v1/auth/sign-in', { body: { email, password }, allowUnauthenticated: true }),
  signOut: () => call('post', '/api/v1/auth/sign-out', { allowUnauthenticated: true }),
  passwordLink: (token: string) => call('post', '/api/v1/auth/password-link', { body: { token }, allowUnauthenticated: true }),
  setPassword: (token: string, password: string) =>
    call('post', '/api/v1/auth/set-password', { body: { token, password }, allowUnauthenticated: true }),

  me: () => call('get', '/api/v1/me', { cache: 'no-cache' }),
  plugins: () => call('get', '/api/v1/plugins'),

  connections: async (ws: number, signal?: AbortSignal): Promise<Connection[]> =>
    call('get', '/api/v1/workspaces/{ws}/connections', { params: { ws }, cache: 'no-cache', signal }),
  connection: async (connection: number): Promise<Connection> =>
    call('get', '/api/v1/connections/{id}', { params: id(connection), cache: 'no-cache' }),
  connect: (ws: number, body: { plugin: string; label?: string } & Record<string, string | number | boolean | string[] | null>) =>
    call('post', '/api/v1/workspaces/{ws}/connections', { params: { ws }, body }),
  rename: (connection: number, label: string) =>
    call('patch', '/api/v1/connections/{id}', { params: id(connection), body: { label } }),
  remove: (connection: number) => call('delete', '/api/v1/connections/{id}', { params: id(connection) }),
  retrieve: (connection: number) => call('post', '/api/v1/connections/{id}/retrieve', { params: id(connection), body: {} }),
  deletionImpact: (connection: number) =>
    call('get', '/api/v1/connections/{id}/deletion-impact', { params: id(connection), cache: 'no-cache' }),
  runs: (connection: number, limit = 20) =>
    call('get', '/api/v1/connections/{id}/runs', { params: id(connection), query: { limit }, cache: 'no-cache' }),
  snapshots: (connection: number) =>
    call('get', '/api/v1/connections/{id}/snapshots', { params: id(connection), cache: 'no-cache' }),

  availableRepos: (connection: number) =>
    call('get', '/api/v1/connections/{id}/available-repos', { params: id(connection), cache: 'no-cache' }),
  branches: (connection: number, repository: string) =>
    call('get', '/api/v1/connections/{id}/branches', { params: id(connection), query: { repository }, cache: 'no-cache' }),
  repos: (connection: number, signal?: AbortSignal) =>
    call('get', '/api/v1/connections/{id}/repos', { params: id(connection), cache: 'no-cache', signal }),
  addRepo: (connection: number, repository: string, branch: string) =>
    call('post', '/api/v1/connections/{id}/repos', { params: id(connection), body: { repository, branch } }),
  removeRepo: (repo: number) => call('delete', '/api/v1/repos/{id}', { params: id(repo) }),
  /** What removing a repository takes with it (issue 13: its comparisons and drift watches). */
  repoDeletionImpact: (repo: number) =>
    call('get', '/api/v1/repos/{id}/deletion-impact', { params: id(repo), cache: 'no-cache' }),
  checkRepo: (repo: number) => call('post', '/api/v1/repos/{id}/check', { params: id(repo) }),

  backups: (connection: number, signal?: AbortSignal) =>
    call('get', '/api/v1/connections/{id}/backups', { params: id(connection), cache: 'no-cache', signal }),
  addBackup: (source: number, body: { repository: string; branch?: string; path?: string; schedule?: string }) =>
    call('post', '/api/v1/connections/{id}/backups', { params: id(source), body }),
  runBackup: (backup: number) => call('post', '/api/v1/backups/{id}/run', { params: id(backup) }),
  backupRuns: (backup: number, signal?: AbortSignal) =>
    call('get', '/api/v1/backups/{id}/runs', { params: id(backup), query: { limit: 5 }, cache: 'no-cache', signal }),
  removeBackup: (backup: number) => call('delete', '/api/v1/backups/{id}', { params: id(backup) }),
};

/** The plain link that starts a provider's consent flow for a workspace (a GET with the cookie). */
export function oauthStartUrl(plugin: string, workspace: number): string {
  return `/api/v1/oauth/${encodeURIComponent(plugin)}/start?workspace=${workspace}`;
}
