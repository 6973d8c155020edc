import { api } from '../../api/endpoints';
import type { Connection } from '../../api/types';
import { duration, formatDate } from '../../lib/format';
import { usePoll } from '../../lib/usePoll';
import { Section } from './Section';

/** The last runs of the connection's pipelines, with what each cost in requests, retries and 429s. */
export function DetailsRuns({ connection }: { connection: Connection }) {
  const runs = usePoll(() => api.runs(connection.id, 20), [connection.id], 5000);
  return (
    <Section title="Recent runs" wide>
      {runs.error && <p class="field-error">{runs.error}</p>}
      {runs.data?.length === 0 && <p class="muted">No run yet.</p>}
      {runs.data && runs.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">The connection's last runs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Pipeline</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col">Requests</th>
                <th scope="col">Retries</th>
                <th scope="col">429s</th>
                <th scope="col">Objects</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((run) => (
                <tr key={run.id}>
                  <td>{run.pipeline}</td>
                  <td>{formatDate(run.started_at)}</td>
                  <td>{duration(run.duration_ms)}</td>
                  <td>{run.requests}</td>
                  <td>{run.retries}</td>
                  <td>{run.rate_limited}</td>
                  <td>{run.objects}</td>
                  <td>
                    {run.state}
                    {run.attempts > 1 ? ` (attempt ${run.attempts})` : ''}
                    {run.error && <span class="run-error">{run.error}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
