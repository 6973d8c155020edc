// The keys of a listbox with a roving tabindex (the explorer's results, a comparison's
// differences): the arrow keys, Home, End, Page Up and Page Down move between rows, Enter or
// Space opens the row. Keys with Alt, Ctrl or Meta are left to the browser.

/**
 * Handles a key pressed on row `index` of `count` rows: `moveTo` gets the row to move to, kept
 * within the list; `open` the row to open. Keys it does not handle are left alone.
 */
export function onListboxKey(event: KeyboardEvent, index: number, count: number, moveTo: (index: number) => void, open: (index: number) => void): void {
  const move = (to: number) => moveTo(Math.max(0, Math.min(count - 1, to)));
  const keys: Record<string, () => void> = {
    ArrowDown: () => move(index + 1),
    ArrowUp: () => move(index - 1),
    Home: () => move(0),
    End: () => move(count - 1),
    PageDown: () => move(index + 10),
    PageUp: () => move(index - 10),
    Enter: () => open(index),
    ' ': () => open(index),
  };
  const action = keys[event.key];
  if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  action();
}
