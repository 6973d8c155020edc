// The status word (pending, in progress, completed, error) with its one-line summary in a
// fixed-size box, so updates never move the card; its tooltip (on hover and on keyboard
// focus, Escape hides it) gives the meaning, the facts and what to do.
import { useId, useState } from 'preact/hooks';
import type { Connection } from '../api/types';
import { explainStatus, statusLabel } from '../lib/statusText';
import '../styles/status.css';

export function StatusIndicator({ connection, noun }: { connection: Connection; noun: string }) {
  const tipId = useId();
  const [dismissed, setDismissed] = useState(false);
  const explained = explainStatus(connection, noun);
  return (
    <div class="status-area" onMouseLeave={() => setDismissed(false)}>
      <span
        class={`status status-${connection.status}`}
        data-status={connection.status}
        tabIndex={0}
        aria-describedby={tipId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setDismissed(true);
        }}
        onBlur={() => setDismissed(false)}
      >
        <span class="status-dot" aria-hidden="true" />
        {statusLabel[connection.status]}
      </span>
      <span class="status-summary" title={explained.summary}>
        {explained.summary}
      </span>
      <div role="tooltip" id={tipId} class={dismissed ? 'tooltip dismissed' : 'tooltip'}>
        <strong>{explained.meaning}</strong>
        {explained.facts.length > 0 && (
          <ul>
            {explained.facts.map((fact) => (
              <li key={fact}>{fact}</li>
            ))}
          </ul>
        )}
        <span>{explained.action}</span>
      </div>
    </div>
  );
}
