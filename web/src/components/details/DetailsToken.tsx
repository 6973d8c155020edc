import type { Connection } from '../../api/types';
import { ago, formatDate } from '../../lib/format';
import { Section } from './Section';
import { needsReconnect } from '../../lib/reconnect';

export function DetailsToken({ connection: c }: { connection: Connection }) {
  const refreshed = c.token_refreshed_at;
  return (
    <Section title="Token">
      <dl class="facts">
        <div>
          <dt>Expires</dt>
          <dd>{c.token_expires_at ? `${formatDate(c.token_expires_at)} (${ago(c.token_expires_at)})` : 'does not expire'}</dd>
        </div>
        <div>
          <dt>Last refresh</dt>
          <dd>{refreshed ? `${formatDate(refreshed)} (${ago(refreshed)})` : c.token_expires_at ? 'not refreshed yet' : 'never needed'}</dd>
        </div>
        {needsReconnect(c) && (
          <div><dt>State</dt><dd class="field-error">The refresh token no longer works: reconnect.</dd></div>
        )}
      </dl>
    </Section>
  );
}
