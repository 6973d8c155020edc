// A connection's drift: one line per watch that found differences ("12 differences from
// acme/hubspot-config@main"), each linking to the comparison that found them.
import type { Drift } from '../api/comparisons';
import type { Connection } from '../api/types';
import { Link } from './Link';

export function driftOf(connection: Connection): Drift[] {
  return connection.drift ?? [];
}

export function DriftWarning({ connection }: { connection: Connection }) {
  const drift = driftOf(connection);
  if (drift.length === 0) return null;
  return (
    <ul class="drift" aria-label="Drift">
      {drift.map((d) => (
        <li key={d.watch}>
          <span aria-hidden="true">⚠ </span>
          {d.comparison !== null ? <Link href={`/comparisons/${d.comparison}`}>{d.message}</Link> : d.message}
        </li>
      ))}
    </ul>
  );
}
