import type { Connection, Plugin } from '../api/types';
import { capitalise } from '../lib/format';

/** Which account the connection is (its name and id) and how it signed in. */
export function AccountLine({ connection, plugin }: { connection: Connection; plugin: Plugin | undefined }) {
  const authLabel = plugin?.auth_types.find((t) => t.value === connection.auth_type)?.label ?? connection.auth_type;
  const sameName = connection.account_name === connection.account_id;
  return (
    <dl class="facts">
      <div>
        <dt>{capitalise(plugin?.noun ?? 'account')}</dt>
        <dd>
          {sameName ? connection.account_id : `${connection.account_name} (${connection.account_id})`}
        </dd>
      </div>
      <div>
        <dt>Signed in with</dt>
        <dd>{authLabel || '-'}</dd>
      </div>
    </dl>
  );
}
