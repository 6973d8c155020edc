import type { Connection, Plugin } from '../../api/types';
import { formatDate } from '../../lib/format';
import { Section } from './Section';

export function DetailsAccount({ connection: c, plugin, workspaceName }: { connection: Connection; plugin?: Plugin; workspaceName?: string }) {
  const authLabel = plugin?.auth_types.find((t) => t.value === c.auth_type)?.label ?? c.auth_type;
  return (
    <Section title="Account">
      <dl class="facts">
        <div><dt>Service</dt><dd>{plugin?.display_name ?? c.plugin}</dd></div>
        <div><dt>Name</dt><dd>{c.account_name || '-'}</dd></div>
        <div><dt>Id</dt><dd>{c.account_id}</dd></div>
        <div><dt>Signed in with</dt><dd>{authLabel || '-'}</dd></div>
        <div><dt>Workspace</dt><dd>{workspaceName ?? c.workspace}</dd></div>
        <div><dt>Connected</dt><dd>{formatDate(c.created_at)}</dd></div>
        {c.kind === 'source' && <div><dt>Last retrieval</dt><dd>{formatDate(c.last_retrieval?.finished_at ?? c.retrieved_at)}</dd></div>}
      </dl>
    </Section>
  );
}
