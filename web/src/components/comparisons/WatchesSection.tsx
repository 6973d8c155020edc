// Drift watches: a portal compared with another side after each of its retrievals. Everyone
// sees the list; admins and owners add, run and remove watches (the API refuses members too).
import { useId, useState } from 'preact/hooks';
import { comparisonsApi, type Watch } from '../../api/comparisons';
import { ApiError, messageOf } from '../../api/errors';
import type { Connection } from '../../api/types';
import { emptyChoice, sideFromChoice, type SideChoice } from '../../lib/comparisonText';
import { formatDate, plural } from '../../lib/format';
import { Link } from '../Link';
import { FieldError } from '../Field';
import { SidePicker } from './SidePicker';
import { ConfirmDialog } from '../ConfirmDialog';

interface Props {
  workspace: number;
  watches: Watch[] | undefined;
  error: string | null;
  sources: Connection[];
  canAdmin: boolean;
  onChanged: () => void;
  announce: (message: string) => void;
}

export function watchStateText(w: Pick<Watch, 'state' | 'state_detail' | 'differences' | 'label'>): string {
  switch (w.state) {
    case '':
      return 'Not run yet';
    case 'clean':
      return 'No differences';
    case 'drift':
      return `${plural(w.differences, 'difference')} from ${w.label}`;
    case 'error':
      return `Failed: ${w.state_detail || 'the comparison stopped with an error'}`;
  }
}

export function WatchesSection({ workspace, watches, error, sources, canAdmin, onChanged, announce }: Props) {
  const headingId = useId();
  const [removing, setRemoving] = useState<Watch | null>(null);
  const [rowError, setRowError] = useState<{ id: number; message: string } | null>(null);

  const run = async (w: Watch) => {
    setRowError(null);
    try {
      await comparisonsApi.runWatch(w.id);
      announce(`Watch of ${w.connection_label} queued`);
      onChanged();
    } catch (err) {
      setRowError({ id: w.id, message: messageOf(err) });
    }
  };

  return (
    <section class="watches" aria-labelledby={headingId}>
      <h2 id={headingId}>Drift watches</h2>
      <p class="muted">A watch compares a portal with another side after each retrieval; the portal's card shows the differences.</p>
      {error && (
        <p class="field-error" role="alert">
          Could not load the watches: {error}
        </p>
      )}
      {watches && watches.length === 0 && <p class="empty">No watch yet.</p>}
      {watches && watches.length > 0 && (
        <div class="table-scroll">
          <table class="watch-table">
            <caption class="visually-hidden">Drift watches</caption>
            <thead>
              <tr>
                <th scope="col">Portal</th>
                <th scope="col">Against</th>
                <th scope="col">State</th>
                <th scope="col">Last run</th>
                {canAdmin && (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {watches.map((w) => (
                <tr key={w.id}>
                  <th scope="row">
                    <Link href={`/connections/${w.connection}`}>{w.connection_label}</Link>
                    {w.types.length > 0 && <span class="muted"> ({w.types.join(', ')})</span>}
                  </th>
                  <td>
                    <span class="cell-label" aria-hidden="true">Against: </span>
                    {w.label}
                  </td>
                  <td data-state={w.state || 'new'}>
                    {watchStateText(w)}
                    {w.last_comparison !== null && (
                      <>
                        {' '}
                        <Link href={`/comparisons/${w.last_comparison}`} aria-label={`Last comparison of ${w.connection_label} against ${w.label}`}>
                          View
                        </Link>
                      </>
                    )}
                    {rowError?.id === w.id && <FieldError message={rowError.message} />}
                  </td>
                  <td>
                    <span class="cell-label" aria-hidden="true">Last run: </span>
                    {formatDate(w.last_run_at)}
                  </td>
                  {canAdmin && (
                    <td class="row-actions">
                      <button type="button" class="small" onClick={() => run(w)} aria-label={`Run the watch of ${w.connection_label} against ${w.label} now`}>
                        Run now
                      </button>
                      <button type="button" class="small danger-outline" onClick={() => setRemoving(w)}
                        aria-label={`Remove the watch of ${w.connection_label} against ${w.label}`}>
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canAdmin && <AddWatchForm workspace={workspace} sources={sources} onAdded={(w) => { announce(`Watching ${w.connection_label} against ${w.label}`); onChanged(); }} />}
      {removing && (
        <ConfirmDialog title={`Remove the watch of ${removing.connection_label}?`} confirm="Remove watch" onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await comparisonsApi.removeWatch(removing.id);
            announce(`Removed the watch of ${removing.connection_label}`);
            setRemoving(null);
            onChanged();
          }}>
          <p>
            {removing.connection_label} is no longer compared with {removing.label} after its retrievals. Its comparisons are removed with it.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddWatchForm({ workspace, sources, onAdded }: { workspace: number; sources: Connection[]; onAdded: (w: Watch) => void }) {
  const id = useId();
  const [connection, setConnection] = useState('');
  const [against, setAgainst] = useState<SideChoice>(emptyChoice);
  const [errors, setErrors] = useState<{ connection: string | null; against: string | null; form: string | null }>({ connection: null, against: null, form: null });
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const side = sideFromChoice(against);
    const next = { connection: connection ? null : 'Choose the portal to watch', against: 'missing' in side ? side.missing : null, form: null };
    setErrors(next);
    if (!connection || 'missing' in side) return;
    setBusy(true);
    try {
      const watch = await comparisonsApi.addWatch(workspace, { connection: Number(connection), against: side.side });
      setConnection('');
      setAgainst(emptyChoice());
      onAdded(watch);
    } catch (err) {
      const message = messageOf(err);
      // The watch API names its fields (`connection`, `against`, `against.ref`), never `left` or `right`.
      const field = err instanceof ApiError ? (err.field ?? '') : '';
      if (field === 'against' || field.startsWith('against.')) setErrors({ ...next, against: message });
      else if (field === 'connection') setErrors({ ...next, connection: message });
      else setErrors({ ...next, form: message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="add-watch" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>Add a watch</h3>
      <div class="sides">
        <fieldset class="side-picker" aria-describedby={errors.connection ? `${id}-connection-error` : undefined}>
          <legend>Watched portal (its current snapshot)</legend>
          <div class="field">
            <label for={`${id}-connection`}>Portal</label>
            <select id={`${id}-connection`} value={connection} aria-invalid={errors.connection ? 'true' : undefined}
              onChange={(event) => setConnection((event.currentTarget as HTMLSelectElement).value)}>
              <option value="">Choose a portal</option>
              {sources.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          {errors.connection && <FieldError id={`${id}-connection-error`} message={errors.connection} />}
        </fieldset>
        <SidePicker legend="Against" sources={sources} value={against} onChange={setAgainst} error={errors.against} />
      </div>
      {errors.form && <FieldError message={errors.form} />}
      <div class="form-actions">
        <button type="submit" disabled={busy}>
          Add watch
        </button>
      </div>
    </form>
  );
}
