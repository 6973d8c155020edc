// A VCS account's card: its repositories with their status and backups, Add Repo, and the
// admin's rename and delete.
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { Backup, Connection, Plugin, Repository } from '../api/types';
import { usePoll } from '../lib/usePoll';
import { AccountLine } from './AccountLine';
import { AddRepoDialog } from './AddRepoDialog';
import { Link } from './Link';
import { ReconnectLink } from './ReconnectLink';
import { RenameLabel } from './RenameLabel';
import { RepoItem } from './RepoItem';
import { Warnings } from './Warnings';
import { needsReconnect } from '../lib/reconnect';

interface Props {
  connection: Connection;
  plugin: Plugin | undefined;
  sources: Connection[];
  canAdmin: boolean;
  onChanged: () => void;
  onDelete: (connection: Connection) => void;
  announce: (message: string) => void;
}

export function GitCard({ connection, plugin, sources, canAdmin, onChanged, onDelete, announce }: Props) {
  const [adding, setAdding] = useState(false);
  const repos = usePoll((signal) => api.repos(connection.id, signal), [connection.id]);
  const backups = usePoll((signal) => api.backups(connection.id, signal), [connection.id]);
  const reloadAll = () => {
    void repos.reload();
    void backups.reload();
  };

  return (
    <article class="card" aria-label={connection.label}>
      <RenameLabel connection={connection} canEdit={canAdmin} onRenamed={onChanged} />
      <AccountLine connection={connection} plugin={plugin} />
      {connection.status === 'error' && (
        <p class="field-error">
          {connection.status_detail || 'This account cannot be reached.'}
          {needsReconnect(connection) && (
            <>
              {' '}
              <ReconnectLink connection={connection} plugin={plugin} canAdmin={canAdmin} />
            </>
          )}
        </p>
      )}
      <Warnings connection={connection} />
      <h4 class="subheading">Repositories</h4>
      {repos.error && <p class="field-error">{repos.error}</p>}
      {repos.data?.length === 0 && (
        <p class="empty-inline">{canAdmin ? 'No repository yet: click Add Repo to choose one.' : 'No repository yet.'}</p>
      )}
      {repos.data && repos.data.length > 0 && (
        <ul class="repos" aria-label={`Repositories of ${connection.label}`}>
          {repos.data.map((repo: Repository) => (
            <RepoItem key={repo.id} repo={repo} backups={(backups.data ?? []).filter((b: Backup) => b.repository === repo.id)}
              sources={sources} canAdmin={canAdmin} onChanged={reloadAll} announce={announce} />
          ))}
        </ul>
      )}
      <div class="card-actions">
        {canAdmin && (
          <>
            <button type="button" onClick={() => setAdding(true)}>
              Add Repo
            </button>
            <button type="button" class="danger-outline" onClick={() => onDelete(connection)}>
              Delete
            </button>
          </>
        )}
        <Link href={`/connections/${connection.id}`} class="details-link">
          Details
        </Link>
      </div>
      {adding && (
        <AddRepoDialog
          connection={connection}
          onClose={() => setAdding(false)}
          onAdded={(repo) => {
            setAdding(false);
            announce(`Added ${repo.full_name}`);
            reloadAll();
          }}
        />
      )}
    </article>
  );
}
