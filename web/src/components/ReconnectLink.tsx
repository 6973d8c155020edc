import { oauthStartUrl } from '../api/endpoints';
import type { Connection, Plugin } from '../api/types';

/** Reconnect: for admins, when the plugin has a consent flow to sign in again with. */
export function ReconnectLink({ connection, plugin, canAdmin }: { connection: Connection; plugin: Plugin | undefined; canAdmin: boolean }) {
  if (!canAdmin || !plugin?.flows.includes('oauth')) return null;
  return (
    <a class="button-link" href={oauthStartUrl(connection.plugin, connection.workspace)}>
      Reconnect
    </a>
  );
}
