import { api } from '../../api/endpoints';
import type { Connection } from '../../api/types';
import { ago, formatDate } from '../../lib/format';
import { repoStatusText } from '../../lib/repoStatus';
import { usePoll } from '../../lib/usePoll';
import { Section } from './Section';

export function DetailsRepositories({ connection }: { connection: Connection }) {
  const repos = usePoll((signal) => api.repos(connection.id, signal), [connection.id], 5000);
  return (
    <Section title="Repositories" wide>
      {repos.error && <p class="field-error">{repos.error}</p>}
      {repos.data?.length === 0 && <p class="muted">No repository added yet.</p>}
      {repos.data && repos.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Repository</th>
                <th scope="col">Branch</th>
                <th scope="col">Status</th>
                <th scope="col">Last checked</th>
              </tr>
            </thead>
            <tbody>
              {repos.data.map((repo) => (
                <tr key={repo.id}>
                  <td>{repo.full_name}</td>
                  <td>{repo.default_branch}</td>
                  <td>
                    {repoStatusText(repo)}
                    {repo.status_detail && <span class="run-error">{repo.status_detail}</span>}
                  </td>
                  <td title={formatDate(repo.last_checked_at)}>{ago(repo.last_checked_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
