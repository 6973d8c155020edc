// One side of a comparison: a portal's current snapshot, one of its earlier snapshots, or one
// of its backups (at the backup's branch, or another ref or commit typed in). The API's error
// about this side shows here, beside the choices it is about.
import { useEffect, useId, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { messageOf } from '../../api/errors';
import type { Backup, Connection } from '../../api/types';
import type { SideChoice } from '../../lib/comparisonText';
import { formatDate } from '../../lib/format';
import { FieldError } from '../Field';

interface Props {
  legend: string;
  sources: Connection[];
  value: SideChoice;
  onChange: (value: SideChoice) => void;
  error: string | null;
}

type Snapshots = Awaited<ReturnType<typeof api.snapshots>>;
type Loaded<T> = { for: string; items: T } | { for: string; error: string } | null;

const KINDS: Array<[SideChoice['kind'], string]> = [
  ['current', 'Current snapshot'],
  ['snapshot', 'Earlier snapshot'],
  ['backup', 'Backup in Git'],
];

export function SidePicker({ legend, sources, value, onChange, error }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  const [snapshots, setSnapshots] = useState<Loaded<Snapshots>>(null);
  const [backups, setBackups] = useState<Loaded<Backup[]>>(null);
  const set = (patch: Partial<SideChoice>) => onChange({ ...value, ...patch });
  const select = (event: Event) => (event.currentTarget as HTMLSelectElement).value;

  // The choices of the chosen portal, loaded when the kind needs them.
  useEffect(() => {
    if (!value.connection) return;
    const portal = Number(value.connection);
    if (value.kind === 'snapshot' && snapshots?.for !== value.connection) {
      api.snapshots(portal).then(
        (items) => setSnapshots({ for: value.connection, items: items.filter((s) => s.state !== 'building') }),
        (err) => setSnapshots({ for: value.connection, error: messageOf(err) }),
      );
    }
    if (value.kind === 'backup' && backups?.for !== value.connection) {
      api.backups(portal).then(
        (items) => setBackups({ for: value.connection, items: items.filter((b) => b.source === portal) }),
        (err) => setBackups({ for: value.connection, error: messageOf(err) }),
      );
    }
  }, [value.kind, value.connection]);

  const invalid = error ? 'true' : undefined;
  const describedBy = error ? errorId : undefined;
  const chosenBackup = backups && 'items' in backups ? backups.items.find((b) => String(b.id) === value.backup) : undefined;

  return (
    <fieldset class="side-picker" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <div class="field">
        <label for={`${id}-portal`}>Portal</label>
        <select id={`${id}-portal`} value={value.connection} aria-invalid={invalid}
          onChange={(event) => set({ connection: select(event), snapshot: '', backup: '' })}>
          <option value="">Choose a portal</option>
          {sources.map((c) => (
            <option key={c.id} value={String(c.id)}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-kind`}>Read from</label>
        <select id={`${id}-kind`} value={value.kind} onChange={(event) => set({ kind: select(event) as SideChoice['kind'] })}>
          {KINDS.map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {value.kind === 'snapshot' && value.connection && (
        <div class="field">
          <label for={`${id}-snapshot`}>Snapshot</label>
          <select id={`${id}-snapshot`} value={value.snapshot} aria-invalid={invalid}
            disabled={!snapshots || snapshots.for !== value.connection || !('items' in snapshots)}
            onChange={(event) => set({ snapshot: select(event) })}>
            <option value="">Choose a snapshot</option>
            {snapshots && 'items' in snapshots &&
              snapshots.items.map((s) => (
                <option key={s.id} value={String(s.id)}>
                  {`${s.id}${s.state === 'current' ? ' (current)' : ''}, ${formatDate(s.completed_at ?? s.created_at)}, ${s.object_count} objects`}
                </option>
              ))}
          </select>
          {snapshots && 'error' in snapshots && <p class="field-error">Could not list the snapshots: {snapshots.error}</p>}
          {snapshots && 'items' in snapshots && snapshots.items.length === 0 && <p class="field-help">No snapshot yet: retrieve the portal first.</p>}
        </div>
      )}
      {value.kind === 'backup' && value.connection && (
        <>
          <div class="field">
            <label for={`${id}-backup`}>Backup</label>
            <select id={`${id}-backup`} value={value.backup} aria-invalid={invalid}
              disabled={!backups || backups.for !== value.connection || !('items' in backups)}
              onChange={(event) => set({ backup: select(event) })}>
              <option value="">Choose a backup</option>
              {backups && 'items' in backups &&
                backups.items.map((b) => (
                  <option key={b.id} value={String(b.id)}>
                    {`${b.full_name}@${b.branch}${b.path ? ` (${b.path})` : ''}`}
                  </option>
                ))}
            </select>
            {backups && 'error' in backups && <p class="field-error">Could not list the backups: {backups.error}</p>}
            {backups && 'items' in backups && backups.items.length === 0 && (
              <p class="field-help">This portal has no backup: add one on the Connections page.</p>
            )}
          </div>
          <div class="field">
            <label for={`${id}-ref`}>Branch or commit</label>
            <input id={`${id}-ref`} type="text" value={value.ref} spellcheck={false} autoComplete="off"
              placeholder={chosenBackup?.branch ?? ''} aria-describedby={`${id}-ref-help`}
              onInput={(event) => set({ ref: (event.currentTarget as HTMLInputElement).value })} />
            <p id={`${id}-ref-help`} class="field-help">
              Empty: the backup's branch{chosenBackup ? ` (${chosenBackup.branch})` : ''}.
            </p>
          </div>
        </>
      )}
      {error && <FieldError id={errorId} message={error} />}
    </fieldset>
  );
}
