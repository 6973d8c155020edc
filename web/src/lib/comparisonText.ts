// The Comparisons page's words and addresses, kept apart from its components so that the unit
// tests read them without a browser: a comparison's status as a sentence, which side an API
// error belongs to, a picker's choice as the API's side, and the page's deep links.
import { ApiError } from '../api/errors';
import type { ChangeKind, Comparison, Counts, SideSpec } from '../api/comparisons';
import { plural } from './format';

export type SideName = 'left' | 'right';

/** The comparison's state in a sentence (what a screen reader hears when it changes). */
export function comparisonStatusText(c: Pick<Comparison, 'status' | 'status_detail' | 'progress' | 'differences'>): string {
  switch (c.status) {
    case 'pending':
      return 'Waiting for a worker';
    case 'in_progress': {
      const { done, total, type } = c.progress;
      const where = type ? `: ${type}` : '';
      return total > 0 ? `Comparing, ${done} of ${plural(total, 'type')} done${where}` : `Comparing${where}`;
    }
    case 'completed':
      return c.differences === 0 ? 'Completed: no differences' : `Completed: ${plural(c.differences, 'difference')}`;
    case 'error':
      return `Failed: ${c.status_detail || 'the comparison stopped with an error'}`;
  }
}

export function isFinished(c: Pick<Comparison, 'status'>): boolean {
  return c.status === 'completed' || c.status === 'error';
}

export const KIND_LABELS: Record<ChangeKind, string> = {
  // The engine's direction: left to right, so "added" is what only the right side has.
  added: 'Added (right only)',
  removed: 'Removed (left only)',
  changed: 'Changed',
  ambiguous: 'Ambiguous',
};

/**
 * A natural key as people read it: the API gives its JSON (`"Deal stage"`, `["a",1]`); a
 * single string shows without its quotes and escapes, anything else as the JSON it is.
 */
export function keyText(key: string): string {
  try {
    const value: unknown = JSON.parse(key);
    return typeof value === 'string' ? value : key;
  } catch {
    return key;
  }
}

/** The summary's columns, in the order the table shows them. */
export const COUNT_COLUMNS: Array<[keyof Counts, string]> = [
  ['added', 'Added'],
  ['removed', 'Removed'],
  ['changed', 'Changed'],
  ['unchanged', 'Unchanged'],
  ['ambiguous', 'Ambiguous'],
];

/** Whether a type's counts hold a difference (unchanged and unmatchable objects are none). */
export function hasDifferences(c: Counts): boolean {
  return c.added + c.removed + c.changed + c.ambiguous > 0;
}

/** The summary's rows: types with a difference first, then by name. */
export function summaryRows(summary: Record<string, Counts> | null): Array<[string, Counts]> {
  if (!summary) return [];
  return Object.entries(summary).sort(([a, ca], [b, cb]) => Number(hasDifferences(cb)) - Number(hasDifferences(ca)) || a.localeCompare(b));
}

/**
 * Which side an API error is about: the field the service names (`left.snapshot`), or the
 * message's own prefix (`right: backup 9 not found`). Null when it names neither.
 */
export function sideOfError(error: unknown): SideName | null {
  if (!(error instanceof ApiError)) return null;
  const field = error.field ?? '';
  for (const side of ['left', 'right'] as const) {
    if (field === side || field.startsWith(`${side}.`) || error.message.startsWith(`${side}:`)) return side;
  }
  return null;
}

/** What a side picker holds: the kind of side and the choices it needs. */
export interface SideChoice {
  kind: 'current' | 'snapshot' | 'backup';
  connection: string;
  snapshot: string;
  backup: string;
  ref: string;
}

export const emptyChoice = (): SideChoice => ({ kind: 'current', connection: '', snapshot: '', backup: '', ref: '' });

/** The picker's choice as the API's side, or what is missing (shown beside the picker). */
export function sideFromChoice(choice: SideChoice): { side: SideSpec } | { missing: string } {
  const id = (text: string) => (/^\d+$/.test(text) ? Number(text) : null);
  if (choice.kind === 'backup') {
    const backup = id(choice.backup);
    if (backup === null) return { missing: 'Choose a backup' };
    const ref = choice.ref.trim();
    return { side: ref ? { backup, ref } : { backup } };
  }
  const connection = id(choice.connection);
  if (connection === null) return { missing: 'Choose a portal' };
  if (choice.kind === 'current') return { side: { connection } };
  const snapshot = id(choice.snapshot);
  if (snapshot === null) return { missing: 'Choose a snapshot' };
  return { side: { connection, snapshot } };
}

export interface ChangeFilterState {
  type: string;
  kind: string;
  change: number | null;
}

/** `/comparisons/7?type=workflows&kind=changed&change=12`: the page's state as an address. */
export function comparisonUrl(id: number, filter: Partial<ChangeFilterState> = {}): string {
  const search = new URLSearchParams();
  if (filter.type) search.set('type', filter.type);
  if (filter.kind) search.set('kind', filter.kind);
  if (filter.change) search.set('change', String(filter.change));
  const qs = search.toString();
  return qs ? `/comparisons/${id}?${qs}` : `/comparisons/${id}`;
}

export function filterFromSearch(search: URLSearchParams): ChangeFilterState {
  const kind = search.get('kind') ?? '';
  const change = Number(search.get('change'));
  return {
    type: search.get('type') ?? '',
    kind: (['added', 'removed', 'changed', 'ambiguous'] as string[]).includes(kind) ? kind : '',
    change: Number.isInteger(change) && change > 0 ? change : null,
  };
}
