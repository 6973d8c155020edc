// Removing a repository behind a confirmation that says what goes with it: the comparisons that
// read its backups and the drift watches against them (GET /api/v1/repos/{id}/deletion-impact).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { messageOf } from '../api/errors';
import type { RepoDeletionImpact, Repository } from '../api/types';
import { plural } from '../lib/format';
import { ConfirmDialog } from './ConfirmDialog';

const LINES: Array<[keyof RepoDeletionImpact, string, string]> = [
  ['comparisons', 'comparison', 'comparisons'],
  ['watches', 'drift watch', 'drift watches'],
];

interface Props {
  repo: Repository;
  onClose: () => void;
  onRemoved: () => void;
}

export function RemoveRepoDialog({ repo, onClose, onRemoved }: Props) {
  const [impact, setImpact] = useState<RepoDeletionImpact | null>(null);
  const [impactError, setImpactError] = useState<string | null>(null);
  useEffect(() => {
    api.repoDeletionImpact(repo.id).then(setImpact, (err) => setImpactError(messageOf(err)));
  }, [repo.id]);
  return (
    <ConfirmDialog title={`Remove ${repo.full_name}?`} confirm="Remove repository" onClose={onClose}
      onConfirm={async () => {
        await api.removeRepo(repo.id);
        onRemoved();
      }}>
      <p>
        hsdeploy stops using {repo.full_name}; the repository itself stays on the provider. <strong>This cannot be undone.</strong>
      </p>
      {impact && (
        <ul class="impact" aria-label="What is removed">
          {LINES.map(([key, one, many]) => (
            <li key={key}>{plural(impact[key], one, many)}</li>
          ))}
        </ul>
      )}
      {impact && impact.backup_configs > 0 && (
        <p class="field-error">
          {plural(impact.backup_configs, 'backup writes', 'backups write')} to it: remove {impact.backup_configs === 1 ? 'that backup' : 'those backups'} first.
        </p>
      )}
      {!impact && !impactError && <p role="status">Counting what would be removed…</p>}
      {impactError && <p class="field-error">Could not count what would be removed: {impactError}</p>}
    </ConfirmDialog>
  );
}
