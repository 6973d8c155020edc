// A backup's latest runs: outcome, short commit and counts (polled by the backup's item).
import type { Backup, BackupRun } from '../api/types';
import { ago } from '../lib/format';
import type { Polled } from '../lib/usePoll';

export function BackupRuns({ backup, runs }: { backup: Backup; runs: Polled<BackupRun[]> }) {
  if (runs.error) return <p class="field-error">{runs.error}</p>;
  if (!runs.data) return null;
  if (runs.data.length === 0) return <p class="empty-inline">Not run yet.</p>;
  return (
    <ul class="runs" aria-label={`Runs of the backup of ${backup.source_label}`}>
      {runs.data.map((run) => (
        <li key={run.id} class="run">
          <span class={`run-status run-${run.status}`}>{run.status}</span>
          {run.commit ? <code title={run.commit}>{run.commit.slice(0, 7)}</code> : <span class="muted">no commit</span>}
          <span class="muted">
            +{run.added} ~{run.changed} −{run.removed} · {ago(run.finished_at ?? run.created_at)}
          </span>
          {run.error && <span class="run-error">{run.error}</span>}
        </li>
      ))}
    </ul>
  );
}
