// The differences of one page as a listbox with a roving tabindex (as the explorer's results):
// Tab enters at the active row, the arrow keys, Home and End move, Enter or a click opens the
// object's diff. Each row says its kind, type and name or key.
import type { Change } from '../../api/comparisons';
import { keyText, KIND_LABELS } from '../../lib/comparisonText';
import { typeName } from '../../lib/format';
import { onListboxKey } from '../../lib/listboxKeys';

interface Props {
  items: Change[];
  active: number;
  onActive: (index: number) => void;
  openId: number | null;
  onOpen: (change: Change) => void;
  label: string;
}

export const changeRowId = (index: number) => `comparison-change-${index}`;

export function focusChangeRow(index: number): void {
  document.getElementById(changeRowId(index))?.focus();
}

export function ChangeList({ items, active, onActive, openId, onOpen, label }: Props) {
  const moveTo = (index: number) => {
    onActive(index);
    focusChangeRow(index);
  };
  const onKeyDown = (event: KeyboardEvent, index: number) =>
    onListboxKey(event, index, items.length, moveTo, (at) => onOpen(items[at]));
  return (
    <ul class="change-list" role="listbox" aria-label={label}>
      {items.map((change, index) => (
        <li
          key={change.id}
          id={changeRowId(index)}
          role="option"
          class="change-row"
          data-kind={change.kind}
          aria-selected={change.id === openId ? 'true' : 'false'}
          tabIndex={index === Math.min(active, items.length - 1) ? 0 : -1}
          onClick={() => {
            onActive(index);
            onOpen(change);
          }}
          onFocus={() => index !== active && onActive(index)}
          onKeyDown={(event) => onKeyDown(event as unknown as KeyboardEvent, index)}
        >
          <span class={`change-kind kind-${change.kind}`}>{KIND_LABELS[change.kind]}</span>
          <span class="change-name">{change.name || keyText(change.key)}</span>
          <span class="change-meta">
            {typeName(change.type)} · {keyText(change.key)}
            {change.kind === 'changed' && ` · ${change.operations} ${change.operations === 1 ? 'change' : 'changes'}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
