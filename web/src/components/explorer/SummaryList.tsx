// The plugin-declared summary of one object: a label and a readable value per declared field.
import { MAX_ITEMS, type SummaryLine } from './summary';

export function SummaryList({ lines }: { lines: SummaryLine[] }) {
  if (!lines.length) return null;
  return (
    <dl class="summary-list">
      {lines.map((line) => (
        <div class="summary-line" key={line.label}>
          <dt>{line.label}</dt>
          <dd>
            {line.value === null ? <span class="summary-absent">not set</span> : line.value}
            {line.items && line.items.values.length > 0 && (
              <ul class="summary-items" aria-label={line.label}>
                {line.items.values.map((value, i) => (
                  <li key={i}>{value}</li>
                ))}
                {line.items.truncated && <li class="summary-more">and {line.items.count - MAX_ITEMS} more</li>}
              </ul>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
