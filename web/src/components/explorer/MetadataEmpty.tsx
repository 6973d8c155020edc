// What the explorer says when there is nothing to show, and why.
import { Link } from '../Link';

interface Props {
  kind: 'not-retrieved' | 'no-match' | 'empty-type';
  connectionId: number;
  q?: string;
  typeLabel?: string;
}

export function MetadataEmpty({ kind, connectionId, q, typeLabel }: Props) {
  if (kind === 'not-retrieved') {
    return (
      <div class="explorer-empty" role="status">
        <h2>No metadata yet</h2>
        <p>
          No retrieval of this connection has finished yet. Its metadata shows here once one has: start one with Retrieve
          now on the <Link href="/connections">Connections</Link> page, or see its runs on the{' '}
          <Link href={`/connections/${connectionId}`}>details page</Link>.
        </p>
      </div>
    );
  }
  if (kind === 'no-match') {
    return (
      <p class="explorer-empty" role="status">
        No {typeLabel} match “{q}”: search looks for that text in names and ids.
      </p>
    );
  }
  return (
    <p class="explorer-empty" role="status">
      The last retrieval found no {typeLabel}.
    </p>
  );
}
