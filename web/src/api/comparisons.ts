// The comparison and watch routes of the REST API (issue 13) and the shapes they answer with.
// They live in a module of their own so that the Comparisons chunk carries them; the connection
// cards import only the drift types. Paths are spelled here once, as with api/endpoints.ts.
import { callJson } from './client';

/** A side as the API takes it: exactly one of a connection (optionally one of its snapshots) or a backup (optionally at a ref). */
export type SideSpec =
  | { connection: number; snapshot?: number }
  | { backup: number; ref?: string };

/** A side as the engine resolved it (labels, and the snapshot or commit the run pinned). */
export interface ResolvedSide {
  kind: 'connection' | 'snapshot' | 'backup';
  connection: number;
  connection_label: string;
  plugin: string;
  snapshot: number | null;
  backup: number | null;
  repository: number | null;
  full_name: string | null;
  ref: string | null;
  commit: string | null;
  label: string;
}

export type ComparisonStatus = 'pending' | 'in_progress' | 'completed' | 'error';
export const CHANGE_KINDS = ['added', 'removed', 'changed', 'ambiguous'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Counts of one type (or all of them): what each side has that the other lacks, and so on. */
export interface Counts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  ambiguous: number;
  unmatchable: number;
}

export interface Comparison {
  id: number;
  workspace: number;
  status: ComparisonStatus;
  status_detail: string;
  status_code: string;
  progress: { done: number; total: number; type: string };
  left: ResolvedSide;
  right: ResolvedSide;
  types: string[];
  summary: Record<string, Counts> | null;
  totals: Counts | null;
  differences: number;
  warnings: string[];
  job: number | null;
  watch: number | null;
  created_by: number | null;
  created_at: string;
  finished_at: string | null;
}

export interface Change {
  id: number;
  comparison: number;
  type: string;
  kind: ChangeKind;
  key: string;
  name: string;
  left_id: string;
  right_id: string;
  operations: number;
}

export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
  old?: unknown;
  from?: string;
}

export interface ChangeDetail extends Change {
  patch: PatchOperation[];
  left_document: string;
  right_document: string;
}

export interface ChangePage {
  changes: Change[];
  next: number | null;
}

export type WatchState = '' | 'clean' | 'drift' | 'error';

export interface Watch {
  id: number;
  workspace: number;
  connection: number;
  connection_label: string;
  against: ResolvedSide;
  label: string;
  types: string[];
  state: WatchState;
  state_detail: string;
  differences: number;
  last_comparison: number | null;
  last_run_at: string | null;
  created_at: string;
}

/** One entry of a connection's `drift`: a watch in state drift. */
export interface Drift {
  watch: number;
  label: string;
  differences: number;
  comparison: number | null;
  message: string;
}

export interface Job {
  id: number;
  [key: string]: unknown;
}

export const CHANGES_PAGE = 50;

const get = { cache: 'no-cache' as RequestCache };

export const comparisonsApi = {
  list: (ws: number, limit = 20, before?: number, signal?: AbortSignal) =>
    callJson<Comparison[]>('get', '/api/v1/workspaces/{ws}/comparisons', { params: { ws }, query: { limit, before }, signal, ...get }),
  create: (ws: number, body: { left: SideSpec; right: SideSpec; types?: string[] }) =>
    callJson<{ comparison: Comparison; job: Job }>('post', '/api/v1/workspaces/{ws}/comparisons', { params: { ws }, body }),
  show: (id: number, signal?: AbortSignal) => callJson<Comparison>('get', '/api/v1/comparisons/{id}', { params: { id }, signal, ...get }),
  remove: (id: number) => callJson<void>('delete', '/api/v1/comparisons/{id}', { params: { id } }),
  changes: (id: number, filter: { type?: string; kind?: string; after?: number }, signal?: AbortSignal) =>
    callJson<ChangePage>('get', '/api/v1/comparisons/{id}/changes', {
      params: { id },
      query: { type: filter.type || undefined, kind: filter.kind || undefined, after: filter.after || undefined, limit: CHANGES_PAGE },
      signal,
      ...get,
    }),
  change: (id: number, change: number, signal?: AbortSignal) =>
    callJson<ChangeDetail>('get', '/api/v1/comparisons/{id}/changes/{change_id}', { params: { id, change_id: change }, signal }),

  watches: (ws: number, signal?: AbortSignal) =>
    callJson<Watch[]>('get', '/api/v1/workspaces/{ws}/watches', { params: { ws }, signal, ...get }),
  addWatch: (ws: number, body: { connection: number; against: SideSpec; types?: string[] }) =>
    callJson<Watch>('post', '/api/v1/workspaces/{ws}/watches', { params: { ws }, body }),
  removeWatch: (id: number) => callJson<void>('delete', '/api/v1/watches/{id}', { params: { id } }),
  runWatch: (id: number) => callJson<unknown>('post', '/api/v1/watches/{id}/run', { params: { id }, body: {} }),
};
