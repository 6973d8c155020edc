// The workspace's recent comparisons, newest first: the sides, status and differences, a link
// to each; admins and owners may delete one (members get no button; the API refuses them too).
import { useState } from 'preact/hooks';
import { comparisonsApi, type Comparison } from '../../api/comparisons';
import { comparisonStatusText } from '../../lib/comparisonText';
import { formatDate } from '../../lib/format';
import { Link } from '../Link';
import { ConfirmDialog } from '../ConfirmDialog';

interface Props {
  comparisons: Comparison[] | undefined;
  canAdmin: boolean;
  onChanged: () => void;
  announce: (message: string) => void;
}

export function comparisonTitle(c: Pick<Comparison, 'left' | 'right'>): string {
  return `${c.left.label} → ${c.right.label}`;
}

export function ComparisonList({ comparisons, canAdmin, onChanged, announce }: Props) {
  const [deleting, setDeleting] = useState<Comparison | null>(null);
  if (!comparisons) return <p role="status">Loading the comparisons…</p>;
  if (comparisons.length === 0) return <p class="empty">No comparison yet: choose two sides above and press Compare.</p>;
  return (
    <>
      <div class="table-scroll">
        <table class="comparison-table">
          <caption class="visually-hidden">Recent comparisons, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Comparison</th>
              <th scope="col">Status</th>
              <th scope="col">Differences</th>
              <th scope="col">Started</th>
              {canAdmin && (
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {comparisons.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link href={`/comparisons/${c.id}`}>
                    <span class="muted">#{c.id}</span> {comparisonTitle(c)}
                  </Link>
                  {c.watch !== null && <span class="tag">watch</span>}
                </th>
                <td data-status={c.status}>{comparisonStatusText(c)}</td>
                <td>
                  <span class="cell-label" aria-hidden="true">Differences: </span>
                  {c.status === 'completed' ? c.differences.toLocaleString() : '—'}
                </td>
                <td>
                  <span class="cell-label" aria-hidden="true">Started: </span>
                  {formatDate(c.created_at)}
                </td>
                {canAdmin && (
                  <td>
                    <button type="button" class="small danger-outline" onClick={() => setDeleting(c)}
                      aria-label={`Delete comparison ${c.id}`}>
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {deleting && (
        <ConfirmDialog title={`Delete comparison ${deleting.id}?`} confirm="Delete comparison" onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await comparisonsApi.remove(deleting.id);
            announce(`Deleted comparison ${deleting.id}`);
            setDeleting(null);
            onChanged();
          }}>
          <p>
            {comparisonTitle(deleting)}: the comparison and its list of differences are removed. The portals and backups stay as they are.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
