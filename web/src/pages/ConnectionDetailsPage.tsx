// Everything the engine knows about one connection (the "Instance Observer"): account, scopes,
// token, warnings, recent runs and, for a Git account, its repositories' last checks.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { canAdminister, type Plugin } from '../api/types';
import { useSession } from '../lib/session';
import { usePoll } from '../lib/usePoll';
import { Link } from '../components/Link';
import { RenameLabel } from '../components/RenameLabel';
import { StatusIndicator } from '../components/StatusIndicator';
import { DetailsAccount } from '../components/details/DetailsAccount';
import { DetailsScopes } from '../components/details/DetailsScopes';
import { DetailsToken } from '../components/details/DetailsToken';
import { DetailsWarnings } from '../components/details/DetailsWarnings';
import { DetailsRuns } from '../components/details/DetailsRuns';
import { DetailsSnapshots } from '../components/details/DetailsSnapshots';
import { DetailsRepositories } from '../components/details/DetailsRepositories';
import '../styles/details.css';

export function ConnectionDetailsPage({ id }: { id: number }) {
  const session = useSession();
  const connection = usePoll(() => api.connection(id), [id]);
  const [plugins, setPlugins] = useState<Plugin[]>([]);

  useEffect(() => {
    api.plugins().then(setPlugins, () => setPlugins([]));
  }, []);
  useEffect(() => {
    document.title = `${connection.data?.label ?? 'Connection'} · HubSpot Deploy`;
  }, [connection.data?.label]);

  const c = connection.data;
  if (!c) {
    return (
      <>
        <p>
          <Link href="/connections">← Connections</Link>
        </p>
        {connection.error ? (
          <>
            <h1>Connection not available</h1>
            <p role="alert">{connection.error}</p>
          </>
        ) : (
          <p role="status">Loading…</p>
        )}
      </>
    );
  }
  const plugin = plugins.find((p) => p.id === c.plugin);
  const workspace = session.me.workspaces.find((w) => w.id === c.workspace);
  const canAdmin = canAdminister(workspace?.role);
  return (
    <div class="details-page">
      <p>
        <Link href="/connections">← Connections</Link>
      </p>
      <RenameLabel connection={c} canEdit={canAdmin} onRenamed={connection.reload} headingLevel="h1" />
      {c.kind === 'source' && <StatusIndicator connection={c} noun={plugin?.noun ?? 'account'} />}
      {connection.error && (
        <p class="field-error" role="alert">
          Could not refresh: {connection.error}
        </p>
      )}
      <div class="details-grid">
        <DetailsAccount connection={c} plugin={plugin} workspaceName={workspace?.name} />
        <DetailsToken connection={c} />
        <DetailsScopes connection={c} />
        <DetailsWarnings connection={c} />
      </div>
      <DetailsRuns connection={c} />
      <DetailsSnapshots connection={c} />
      {c.kind === 'vcs_target' && <DetailsRepositories connection={c} />}
    </div>
  );
}
