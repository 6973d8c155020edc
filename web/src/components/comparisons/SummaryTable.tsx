// The comparison's counts per type and in total; a type with differences is a button that
// filters the list below to it. On a phone each type is one block, its counts labelled.
import type { Comparison } from '../../api/comparisons';
import { COUNT_COLUMNS, hasDifferences, summaryRows } from '../../lib/comparisonText';
import { typeName } from '../../lib/format';

interface Props {
  comparison: Comparison;
  typeLabel: (type: string) => string;
  onType: (type: string) => void;
}

export function SummaryTable({ comparison, typeLabel, onType }: Props) {
  const rows = summaryRows(comparison.summary);
  if (rows.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="summary-table">
        <caption class="visually-hidden">Objects per type: added and removed going from the left side to the right</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            {COUNT_COLUMNS.map(([key, label]) => (
              <th scope="col" key={key} class="count">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([type, counts]) => {
            const differs = hasDifferences(counts);
            return (
              <tr key={type} data-type={type} class={differs ? 'differs' : undefined}>
                <th scope="row">
                  {differs ? (
                    <button type="button" class="link-button" onClick={() => onType(type)} aria-label={`Show the differences of ${typeLabel(type)}`}>
                      {typeLabel(type)}
                    </button>
                  ) : (
                    typeLabel(type) || typeName(type)
                  )}
                </th>
                {COUNT_COLUMNS.map(([key, label]) => (
                  <td key={key} class="count">
                    <span class="cell-label">{label} </span>
                    {counts[key].toLocaleString()}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
        {comparison.totals && rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">All types</th>
              {COUNT_COLUMNS.map(([key, label]) => (
                <td key={key} class="count">
                  <span class="cell-label">{label} </span>
                  {comparison.totals![key].toLocaleString()}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
