// One repository of a Git card: its name, status ("Connected" or the reason), branch, and backups.
import { useState } from 'preact/hooks';
import type { Backup, Connection, Repository } from '../api/types';
import { repoStatusText } from '../lib/repoStatus';
import { BackupsPart } from './BackupsPart';
import { RemoveRepoDialog } from './RemoveRepoDialog';

interface Props {
  repo: Repository;
  backups: Backup[];
  sources: Connection[];
  canAdmin: boolean;
  onChanged: () => void;
  announce: (message: string) => void;
}

export function RepoItem({ repo, backups, sources, canAdmin, onChanged, announce }: Props) {
  const [removing, setRemoving] = useState(false);

  return (
    <li class="repo">
      <div class="repo-head">
        <span class="repo-name">{repo.full_name}</span>
        {/* The provider's detail goes in the title (read as the status's description), not as a
            second visible line that repeats the reason in other words. */}
        <span class={`repo-status repo-${repo.status}`} data-status={repo.status} title={repo.status_detail || undefined}>
          {repoStatusText(repo)}
        </span>
        <span class="repo-branch">branch {repo.default_branch}</span>
        {canAdmin && (
          <button type="button" class="small danger-outline" onClick={() => setRemoving(true)}>
            Remove {repo.full_name}
          </button>
        )}
      </div>
      {removing && (
        <RemoveRepoDialog repo={repo} onClose={() => setRemoving(false)}
          onRemoved={() => {
            announce(`Removed ${repo.full_name}`);
            setRemoving(false);
            onChanged();
          }} />
      )}
      <BackupsPart repo={repo} backups={backups} sources={sources} canAdmin={canAdmin} onChanged={onChanged} announce={announce} />
    </li>
  );
}
