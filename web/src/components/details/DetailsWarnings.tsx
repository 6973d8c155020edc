import type { Connection } from '../../api/types';
import { Warnings } from '../Warnings';
import { DriftWarning, driftOf } from '../DriftWarning';
import { Section } from './Section';

export function DetailsWarnings({ connection }: { connection: Connection }) {
  const none = connection.warnings.length === 0 && connection.scopes_missing.length === 0 && driftOf(connection).length === 0;
  return (
    <Section title="Warnings">
      {none ? (
        <p class="muted">None.</p>
      ) : (
        <>
          <Warnings connection={connection} />
          <DriftWarning connection={connection} />
        </>
      )}
      {connection.status === 'error' && connection.status_detail && <p class="field-error">{connection.status_detail}</p>}
    </Section>
  );
}
