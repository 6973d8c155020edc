// The "Git" region: Connect Git (OAuth or a token) and a card per VCS account.
import { useState } from 'preact/hooks';
import { oauthStartUrl } from '../api/endpoints';
import type { Connection, Plugin } from '../api/types';
import { ConnectTokenDialog } from './ConnectTokenDialog';
import { GitCard } from './GitCard';

interface Props {
  connections: Connection[] | undefined;
  sources: Connection[];
  plugins: Plugin[];
  workspace: number;
  canAdmin: boolean;
  onChanged: () => void;
  onDelete: (connection: Connection) => void;
  announce: (message: string) => void;
}

export function GitSection({ connections, sources, plugins, workspace, canAdmin, onChanged, onDelete, announce }: Props) {
  const [connecting, setConnecting] = useState(false);
  const vcsPlugins = plugins.filter((p) => p.kind === 'vcs_target');
  const oauthPlugin = vcsPlugins.find((p) => p.flows.includes('oauth'));
  const tokenPlugins = vcsPlugins.filter((p) => p.connect_params.length > 0);
  const byId = new Map(plugins.map((p) => [p.id, p]));

  return (
    <section class="section" aria-labelledby="git-heading">
      <div class="section-header">
        <h2 id="git-heading">Git</h2>
        {canAdmin && (
          <div class="toolbar">
            {oauthPlugin && (
              <a class="button-link primary" href={oauthStartUrl(oauthPlugin.id, workspace)}>
                Connect Git
              </a>
            )}
            {tokenPlugins.length > 0 && (
              <button type="button" onClick={() => setConnecting(true)}>
                Connect Git with a token
              </button>
            )}
          </div>
        )}
      </div>
      {connections?.length === 0 && (
        <div class="empty">
          <p>
            <strong>No Git account connected yet.</strong>
          </p>
          <p>
            {canAdmin
              ? 'Click Connect Git to authorize an account, then Add Repo to choose the repository your portals are backed up to.'
              : 'Ask a workspace admin to connect one to back portals up to a repository.'}
          </p>
        </div>
      )}
      {connections && connections.length > 0 && (
        <div class="cards cards-wide">
          {connections.map((connection) => (
            <GitCard key={connection.id} connection={connection} plugin={byId.get(connection.plugin)} sources={sources}
              canAdmin={canAdmin} onChanged={onChanged} onDelete={onDelete} announce={announce} />
          ))}
        </div>
      )}
      {connecting && (
        <ConnectTokenDialog
          title="Connect Git with a token"
          plugins={tokenPlugins}
          workspace={workspace}
          onClose={() => setConnecting(false)}
          onConnected={(label) => {
            setConnecting(false);
            announce(`Connected ${label}`);
            onChanged();
          }}
        />
      )}
    </section>
  );
}
