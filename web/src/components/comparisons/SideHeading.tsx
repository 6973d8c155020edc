// One side of a comparison as resolved by the engine: its label, and what the run read
// (the snapshot or the commit it pinned), so that a later look says exactly what was compared.
import type { ResolvedSide } from '../../api/comparisons';
import { Link } from '../Link';

export function SideHeading({ name, side }: { name: string; side: ResolvedSide }) {
  return (
    <div class="side-heading">
      <p class="side-name">{name}</p>
      <p class="side-label">{side.label}</p>
      <p class="side-detail muted">
        <Link href={`/connections/${side.connection}`}>{side.connection_label}</Link>
        {side.kind === 'backup' && side.full_name && ` · ${side.full_name}@${side.ref ?? ''}`}
        {side.snapshot !== null && ` · snapshot ${side.snapshot}`}
        {side.commit && (
          <>
            {' · commit '}
            <code title={side.commit}>{side.commit.slice(0, 12)}</code>
          </>
        )}
      </p>
    </div>
  );
}
