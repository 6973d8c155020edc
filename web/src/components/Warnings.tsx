import type { Connection } from '../api/types';

/** The connection's warnings (a missing scope says what it disables), plus any missing scope no warning names. */
export function Warnings({ connection }: { connection: Connection }) {
  const unexplained = connection.scopes_missing.filter((scope) => !connection.warnings.some((w) => w.includes(scope)));
  const lines = [...connection.warnings, ...unexplained.map((scope) => `Missing permission: ${scope}`)];
  if (lines.length === 0) return null;
  return (
    <ul class="warnings" aria-label="Warnings">
      {lines.map((line) => (
        <li key={line}>
          <span aria-hidden="true">⚠ </span>
          {line}
        </li>
      ))}
    </ul>
  );
}
