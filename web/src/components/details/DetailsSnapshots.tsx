import { api } from '../../api/endpoints';
import type { Connection } from '../../api/types';
import { formatDate } from '../../lib/format';
import { usePoll } from '../../lib/usePoll';
import { Section } from './Section';

// The API's states in words for the page; "previous" reads better as what it is for people:
// an earlier snapshot kept for comparisons.
const STATE_LABELS: Record<string, string> = {
  building: 'Building',
  current: 'Current',
  previous: 'Kept',
};

/**
 * The connection's snapshot history: the current snapshot, the earlier ones it keeps
 * (retention.snapshots) and one still building, newest first, with their object counts. The ids
 * are the ones a comparison names (LABEL@ID).
 */
export function DetailsSnapshots({ connection }: { connection: Connection }) {
  const snapshots = usePoll(() => api.snapshots(connection.id), [connection.id], 10000);
  return (
    <Section title="Snapshot history" wide>
      {snapshots.error && <p class="field-error">{snapshots.error}</p>}
      {snapshots.data?.length === 0 && <p class="muted">No snapshot yet: the connection has not been retrieved.</p>}
      {snapshots.data && snapshots.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">The connection's snapshots, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Snapshot</th>
                <th scope="col">State</th>
                <th scope="col">Objects</th>
                <th scope="col">Started</th>
                <th scope="col">Completed</th>
              </tr>
            </thead>
            <tbody>
              {snapshots.data.map((snapshot) => (
                <tr key={snapshot.id}>
                  <td>{snapshot.id}</td>
                  <td>{STATE_LABELS[snapshot.state] ?? snapshot.state}</td>
                  <td>{snapshot.state === 'building' ? '—' : snapshot.object_count}</td>
                  <td>{formatDate(snapshot.created_at)}</td>
                  <td>{snapshot.completed_at ? formatDate(snapshot.completed_at) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
