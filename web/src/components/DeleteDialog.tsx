// Delete behind a confirmation: what the cascade removes with its counts, that it cannot be
// undone, and the label typed to confirm.
import { useEffect, useId, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { messageOf } from '../api/errors';
import type { Connection, DeletionImpact } from '../api/types';
import { plural } from '../lib/format';
import { Dialog } from './Dialog';
import { Field, FieldError } from './Field';

interface Props {
  connection: Connection;
  onClose: () => void;
  onDeleted: () => void;
}

const impactLines: Array<[keyof DeletionImpact, string, string]> = [
  ['metadata_objects', 'metadata object', 'metadata objects'],
  ['snapshots', 'snapshot', 'snapshots'],
  ['comparisons', 'comparison', 'comparisons'],
  ['watches', 'drift watch', 'drift watches'],
  ['backup_configs', 'backup configuration', 'backup configurations'],
  ['backup_runs', 'backup run', 'backup runs'],
  ['deployments', 'deployment record', 'deployment records'],
  ['repositories', 'repository', 'repositories'],
  ['jobs', 'job', 'jobs'],
];

export function DeleteDialog({ connection, onClose, onDeleted }: Props) {
  const [impact, setImpact] = useState<DeletionImpact | null>(null);
  const [impactError, setImpactError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const warningId = useId();

  useEffect(() => {
    api.deletionImpact(connection.id).then(setImpact, (err) => setImpactError(messageOf(err)));
  }, [connection.id]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (typed !== connection.label) return;
    setBusy(true);
    try {
      await api.remove(connection.id);
      onDeleted();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Delete ${connection.label}?`} onClose={onClose} describedBy={warningId}>
      <p id={warningId}>
        This removes the connection and everything that belongs to it. <strong>This cannot be undone.</strong>
      </p>
      {impact && (
        <ul class="impact" aria-label="What is removed">
          {impactLines.map(([key, one, many]) => (
            <li key={key}>{plural(impact[key], one, many)}</li>
          ))}
        </ul>
      )}
      {!impact && !impactError && <p role="status">Counting what would be removed…</p>}
      {impactError && <p class="field-error">Could not count what would be removed: {impactError}</p>}
      <form onSubmit={submit}>
        <Field label="Type the connection's label to confirm" value={typed} onInput={setTyped} autoComplete="off"
          help={<>Type <strong>{connection.label}</strong></>} />
        {error && <FieldError message={error} />}
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="danger" disabled={typed !== connection.label || busy}>
            Delete connection
          </button>
        </div>
      </form>
    </Dialog>
  );
}
