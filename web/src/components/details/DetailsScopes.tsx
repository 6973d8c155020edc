import type { Connection } from '../../api/types';
import { Section } from './Section';

function ScopeList({ scopes, empty }: { scopes: string[]; empty: string }) {
  if (scopes.length === 0) return <dd class="muted">{empty}</dd>;
  return (
    <dd>
      <ul class="scopes">
        {scopes.map((scope) => (
          <li key={scope}><code>{scope}</code></li>
        ))}
      </ul>
    </dd>
  );
}

export function DetailsScopes({ connection: c }: { connection: Connection }) {
  return (
    <Section title="Scopes">
      <dl class="facts stacked">
        <div><dt>Requested</dt><ScopeList scopes={c.scopes_requested} empty="none recorded" /></div>
        <div><dt>Granted</dt><ScopeList scopes={c.scopes_granted} empty="none recorded" /></div>
        <div><dt>Missing</dt><ScopeList scopes={c.scopes_missing} empty="none: everything requested was granted" /></div>
      </dl>
    </Section>
  );
}
