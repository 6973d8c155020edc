// One page of results as a listbox with a roving tabindex: Tab enters at the active row, the
// arrow keys (Home, End) move between rows, Enter or a click opens one. The rows are options,
// not links, so nothing interactive sits inside another; each row's address is the inspector's.
import type { MetadataObject } from './metadataApi';
import { onListboxKey } from '../../lib/listboxKeys';

interface Props {
  items: MetadataObject[];
  /** The row that takes Tab's focus (and that focus returns to when the inspector closes). */
  active: number;
  onActive: (index: number) => void;
  /** The object the inspector shows (aria-selected). */
  openKey: string | null;
  onOpen: (item: MetadataObject) => void;
  /** With every type searched, each row says its type. */
  typeLabel: ((type: string) => string) | null;
  label: string;
}

export const rowKey = (item: Pick<MetadataObject, 'type' | 'id'>) => `${item.type}/${item.id}`;
export const rowId = (index: number) => `metadata-result-${index}`;

export function focusRow(index: number): void {
  document.getElementById(rowId(index))?.focus();
}

export function ResultList({ items, active, onActive, openKey, onOpen, typeLabel, label }: Props) {
  const moveTo = (index: number) => {
    onActive(index);
    focusRow(index);
  };
  const onKeyDown = (event: KeyboardEvent, index: number) =>
    onListboxKey(event, index, items.length, moveTo, (at) => onOpen(items[at]));
  return (
    <ul class="result-list" role="listbox" aria-label={label}>
      {items.map((item, index) => {
        const key = rowKey(item);
        return (
          <li
            key={key}
            id={rowId(index)}
            role="option"
            class="result-row"
            aria-selected={key === openKey ? 'true' : 'false'}
            tabIndex={index === active ? 0 : -1}
            onClick={() => {
              onActive(index);
              onOpen(item);
            }}
            onFocus={() => index !== active && onActive(index)}
            onKeyDown={(event) => onKeyDown(event as unknown as KeyboardEvent, index)}
          >
            <span class="result-name">{item.name || item.id}</span>
            <span class="result-meta">
              {typeLabel && <span class="result-type">{typeLabel(item.type)} · </span>}
              <span class="result-id">{item.id}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
