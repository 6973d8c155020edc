// Back a portal up into this repository: which portal, how often, into which folder.
import { useId, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { Backup, Connection, Repository } from '../api/types';
import { formErrors, noErrors, type FormErrors } from '../lib/fieldErrors';
import { Dialog } from './Dialog';
import { Field, FieldError } from './Field';

interface Props {
  repo: Repository;
  sources: Connection[];
  onClose: () => void;
  onAdded: (backup: Backup) => void;
}

const schedules = [
  { value: 'daily', label: 'Daily' },
  { value: 'hourly', label: 'Hourly' },
  { value: 'weekly', label: 'Weekly' },
  { value: '', label: 'Only when run' },
];

export function AddBackupDialog({ repo, sources, onClose, onAdded }: Props) {
  const [source, setSource] = useState(sources[0] ? String(sources[0].id) : '');
  const [schedule, setSchedule] = useState('daily');
  const [path, setPath] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const portalId = useId();
  const scheduleId = useId();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!source) return setErrors({ fields: { source: 'Choose a portal' }, form: null });
    setBusy(true);
    setErrors(noErrors);
    try {
      const body = { repository: String(repo.id), branch: repo.default_branch, ...(path.trim() ? { path: path.trim() } : {}), ...(schedule ? { schedule } : {}) };
      onAdded(await api.addBackup(Number(source), body));
    } catch (error) {
      setErrors(formErrors(error, ['repository', 'branch', 'path', 'schedule']));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add backup" onClose={onClose}>
      <p>
        Into <strong>{repo.full_name}</strong>, branch {repo.default_branch}.
      </p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for={portalId}>Portal</label>
          <select id={portalId} value={source} onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value)}>
            {sources.length === 0 && <option value="">No portal connected</option>}
            {sources.map((c) => (
              <option key={c.id} value={String(c.id)}>{c.label}</option>
            ))}
          </select>
          {errors.fields.source && <FieldError message={errors.fields.source} />}
        </div>
        <div class="field">
          <label for={scheduleId}>Schedule</label>
          <select id={scheduleId} value={schedule} onChange={(e) => setSchedule((e.currentTarget as HTMLSelectElement).value)}>
            {schedules.map((s) => (
              <option key={s.value} value={s.value}>{s.label}</option>
            ))}
          </select>
          {errors.fields.schedule && <FieldError message={errors.fields.schedule} />}
        </div>
        <Field label="Folder" value={path} onInput={setPath} error={errors.fields.path}
          help="Optional: the folder in the repository the files go under (default: its root)." />
        {errors.fields.repository && <FieldError message={errors.fields.repository} />}
        {errors.fields.branch && <FieldError message={errors.fields.branch} />}
        {errors.form && <FieldError message={errors.form} />}
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={busy || sources.length === 0}>Add backup</button>
        </div>
      </form>
    </Dialog>
  );
}
