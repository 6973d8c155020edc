// The comparison and watch routes of the REST API (issue 13) and the shapes they answer with.
// They live in a module of their own so that the Comparisons chunk carries them (the connection
// cards import only the drift type). Paths and bodies are checked against the OpenAPI document
// through `call`, as with api/endpoints.ts.
import { call } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

/** A side as the API takes it: exactly one of a connection (optionally one of its snapshots) or a backup (optionally at a ref). */
export type SideSpec = { connection: number; snapshot?: number } | { backup: number; ref?: string };
/** A side as the engine resolved it (labels, and the snapshot or commit the run pinned). */
export type ResolvedSide = Schemas['ComparisonSide'];
export type Comparison = Schemas['Comparison'];
export type ComparisonStatus = Comparison['status'];
export type Counts = Schemas['ComparisonCounts'];
export type Change = Schemas['ComparisonChange'];
export type ChangeKind = Change['kind'];
export type ChangeDetail = Schemas['ComparisonChangeDetail'];
export type ChangePage = Schemas['ComparisonChangesPage'];
export type Watch = Schemas['Watch'];
export type WatchState = Watch['state'];
export type Drift = Schemas['DriftWarning'];

export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'removed', 'changed', 'ambiguous'];
export const CHANGES_PAGE = 50;

const get = { cache: 'no-cache' as RequestCache };

export const comparisonsApi = {
  list: (ws: number, limit = 20, before?: number, signal?: AbortSignal) =>
    call('get', '/api/v1/workspaces/{ws}/comparisons', { params: { ws }, query: { limit, before }, signal, ...get }),
  create: (ws: number, body: { left: SideSpec; right: SideSpec; types?: string[] }) =>
    call('post', '/api/v1/workspaces/{ws}/comparisons', { params: { ws }, body }),
  show: (id: number, signal?: AbortSignal) => call('get', '/api/v1/comparisons/{id}', { params: { id }, signal, ...get }),
  remove: (id: number) => call('delete', '/api/v1/comparisons/{id}', { params: { id } }),
  changes: (id: number, filter: { type?: string; kind?: string; after?: number | null }, signal?: AbortSignal) =>
    call('get', '/api/v1/comparisons/{id}/changes', {
      params: { id },
      query: { type: filter.type || undefined, kind: filter.kind || undefined, after: filter.after || undefined, limit: CHANGES_PAGE },
      signal,
      ...get,
    }),
  change: (id: number, change: number, signal?: AbortSignal) =>
    call('get', '/api/v1/comparisons/{id}/changes/{change_id}', { params: { id, change_id: change }, signal }),

  watches: (ws: number, signal?: AbortSignal) => call('get', '/api/v1/workspaces/{ws}/watches', { params: { ws }, signal, ...get }),
  addWatch: (ws: number, body: { connection: number; against: SideSpec; types?: string[] }) =>
    call('post', '/api/v1/workspaces/{ws}/watches', { params: { ws }, body }),
  removeWatch: (id: number) => call('delete', '/api/v1/watches/{id}', { params: { id } }),
  runWatch: (id: number) => call('post', '/api/v1/watches/{id}/run', { params: { id } }),
};
