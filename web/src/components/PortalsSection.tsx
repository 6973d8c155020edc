// The "Portals" region: the admin's ways to connect, and a card per source connection.
import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import { oauthStartUrl } from '../api/endpoints';
import type { Connection, Plugin } from '../api/types';
import { ConnectionCard } from './ConnectionCard';
import { ConnectTokenDialog } from './ConnectTokenDialog';

interface Props {
  headingRef: Ref<HTMLHeadingElement>;
  connections: Connection[] | undefined;
  plugins: Plugin[];
  workspace: number;
  canAdmin: boolean;
  onChanged: () => void;
  onDelete: (connection: Connection) => void;
  announce: (message: string) => void;
}

export function PortalsSection({ headingRef, connections, plugins, workspace, canAdmin, onChanged, onDelete, announce }: Props) {
  const [connecting, setConnecting] = useState(false);
  const sourcePlugins = plugins.filter((p) => p.kind === 'source');
  const oauthPlugins = sourcePlugins.filter((p) => p.flows.includes('oauth'));
  const tokenPlugins = sourcePlugins.filter((p) => p.connect_params.length > 0);
  const byId = new Map(plugins.map((p) => [p.id, p]));

  return (
    <section class="section" aria-labelledby="portals-heading">
      <div class="section-header">
        <h2 id="portals-heading" ref={headingRef} tabIndex={-1}>
          Portals
        </h2>
        {canAdmin && (
          <div class="toolbar">
            {oauthPlugins.map((plugin, index) => (
              <a key={plugin.id} class="button-link primary" href={oauthStartUrl(plugin.id, workspace)}>
                {index === 0 ? 'Connect Portal' : `Connect ${plugin.display_name}`}
              </a>
            ))}
            {tokenPlugins.length > 0 && (
              <button type="button" onClick={() => setConnecting(true)}>
                Connect with a token
              </button>
            )}
          </div>
        )}
      </div>
      {connections === undefined && <p class="placeholder">Loading connections…</p>}
      {connections?.length === 0 && (
        <div class="empty">
          <p>
            <strong>No portals connected yet.</strong>
          </p>
          <p>
            {canAdmin
              ? 'Click Connect Portal to sign in to a portal and authorize access, or Connect with a token to use a private app token. Its metadata is retrieved as soon as it is connected.'
              : 'Ask a workspace admin to connect one; it will show here with its retrieval status.'}
          </p>
        </div>
      )}
      {connections && connections.length > 0 && (
        <div class="cards">
          {connections.map((connection) => (
            <ConnectionCard key={connection.id} connection={connection} plugin={byId.get(connection.plugin)} canAdmin={canAdmin}
              onChanged={onChanged} onDelete={onDelete} announce={announce} />
          ))}
        </div>
      )}
      {connecting && (
        <ConnectTokenDialog
          title="Connect with a token"
          plugins={tokenPlugins}
          workspace={workspace}
          onClose={() => setConnecting(false)}
          onConnected={(label) => {
            setConnecting(false);
            announce(`Connected ${label}; its metadata is being retrieved`);
            onChanged();
          }}
        />
      )}
    </section>
  );
}
