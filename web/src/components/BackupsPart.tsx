// A repository's backups: each with its source, schedule, Run now and its recent runs.
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { messageOf } from '../api/errors';
import { usePoll } from '../lib/usePoll';
import type { Backup, Connection, Repository } from '../api/types';
import { AddBackupDialog } from './AddBackupDialog';
import { BackupRuns } from './BackupRuns';

interface Props {
  repo: Repository;
  backups: Backup[];
  sources: Connection[];
  canAdmin: boolean;
  onChanged: () => void;
  announce: (message: string) => void;
}

export function BackupsPart({ repo, backups, sources, canAdmin, onChanged, announce }: Props) {
  const [adding, setAdding] = useState(false);
  return (
    <div class="backups" role="group" aria-label={`Backups to ${repo.full_name}`}>
      <div class="backups-head">
        <span class="backups-title">Backups</span>
        {canAdmin && (
          <button type="button" class="small" onClick={() => setAdding(true)}>
            Add backup
          </button>
        )}
      </div>
      {backups.length === 0 && <p class="empty-inline">No backup to this repository yet.</p>}
      <ul class="backup-list">
        {backups.map((backup) => (
          <BackupItem key={backup.id} backup={backup} canAdmin={canAdmin} announce={announce} />
        ))}
      </ul>
      {adding && (
        <AddBackupDialog
          repo={repo}
          sources={sources}
          onClose={() => setAdding(false)}
          onAdded={(backup) => {
            setAdding(false);
            announce(`Added a backup of ${backup.source_label}`);
            onChanged();
          }}
        />
      )}
    </div>
  );
}

function BackupItem({ backup, canAdmin, announce }: { backup: Backup; canAdmin: boolean; announce: (m: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const runs = usePoll((signal) => api.backupRuns(backup.id, signal), [backup.id]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.runBackup(backup.id);
      announce(`Backup of ${backup.source_label} started`);
      void runs.reload();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="backup">
      <div class="backup-head">
        <span>
          <strong>{backup.source_label}</strong> → {backup.branch}
          {backup.path ? `/${backup.path}` : ''} · {backup.schedule || 'only when run'}
        </span>
        {canAdmin && (
          <button type="button" class="small" onClick={run} disabled={busy}>
            Run now
          </button>
        )}
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <BackupRuns backup={backup} runs={runs} />
    </li>
  );
}
