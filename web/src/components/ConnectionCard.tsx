// A source connection's card: label (renamed in place), account, auth type, status with its
// tooltip, warnings, drift found by its watches, a dead sign-in with Reconnect, and the admin's actions.
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { messageOf } from '../api/errors';
import type { Connection, Plugin } from '../api/types';
import { Link } from './Link';
import { ReconnectLink } from './ReconnectLink';
import { RenameLabel } from './RenameLabel';
import { StatusIndicator } from './StatusIndicator';
import { Warnings } from './Warnings';
import { DriftWarning } from './DriftWarning';
import { AccountLine } from './AccountLine';
import { needsReconnect } from '../lib/reconnect';

interface Props {
  connection: Connection;
  plugin: Plugin | undefined;
  canAdmin: boolean;
  onChanged: () => void;
  onDelete: (connection: Connection) => void;
  announce: (message: string) => void;
}

export function ConnectionCard({ connection, plugin, canAdmin, onChanged, onDelete, announce }: Props) {
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noun = plugin?.noun ?? 'account';
  const reauth = needsReconnect(connection);

  const retrieve = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await api.retrieve(connection.id);
      announce(`Retrieval of ${connection.label} queued`);
      onChanged();
    } catch (err) {
      setActionError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class={`card${reauth ? ' card-error' : ''}`} aria-label={connection.label}>
      <RenameLabel connection={connection} canEdit={canAdmin} onRenamed={onChanged} />
      <AccountLine connection={connection} plugin={plugin} />
      <StatusIndicator connection={connection} noun={noun} />
      {reauth && (
        <p class="reauth">
          The sign-in to {plugin?.display_name ?? 'the provider'} has expired or was revoked: reconnect the {noun} to
          go on retrieving.{' '}
          <ReconnectLink connection={connection} plugin={plugin} canAdmin={canAdmin} />
        </p>
      )}
      <Warnings connection={connection} />
      <DriftWarning connection={connection} />
      {actionError && (
        <p class="field-error" role="alert">
          {actionError}
        </p>
      )}
      <div class="card-actions">
        {canAdmin && (
          <>
            <button type="button" onClick={retrieve} disabled={busy}>
              Retrieve now
            </button>
            <button type="button" class="danger-outline" onClick={() => onDelete(connection)}>
              Delete
            </button>
          </>
        )}
        <span class="details-link">
          <Link href={`/connections/${connection.id}/metadata`}>View Metadata</Link>
          {' · '}
          <Link href={`/connections/${connection.id}`} aria-label="Details">
            Details
          </Link>
        </span>
      </div>
    </article>
  );
}
