// The search box and its scope. Typing waits 250 ms before it changes the address (replacing
// the history entry, so back does not step through every keystroke); the list follows the address.
import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  q: string;
  all: boolean;
  typeLabel: string;
  onChange: (next: { q: string; all: boolean }) => void;
  /** ArrowDown in the box moves to the first result. */
  onArrowDown: () => void;
}

const DEBOUNCE_MS = 250;

export function SearchBar({ q, all, typeLabel, onChange, onArrowDown }: Props) {
  const [text, setText] = useState(q);
  const timer = useRef<number | undefined>(undefined);

  // The address changed under the box (back/forward, a type link): show what it says. The
  // box's own search coming back keeps what is typed (a space typed before the pause).
  useEffect(() => {
    setText((typed) => (typed.trim() === q ? typed : q));
  }, [q]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const typed = (value: string) => {
    setText(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => onChange({ q: value.trim(), all }), DEBOUNCE_MS);
  };

  return (
    <form
      class="explorer-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        window.clearTimeout(timer.current);
        onChange({ q: text.trim(), all });
      }}
    >
      <label for="metadata-search">Search by name or id</label>
      <div class="explorer-search-row">
        <input
          id="metadata-search"
          type="search"
          value={text}
          autoComplete="off"
          spellcheck={false}
          onInput={(event) => typed((event.target as HTMLInputElement).value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              onArrowDown();
            }
          }}
        />
        <label class="explorer-scope">
          <input
            type="checkbox"
            checked={all}
            onChange={(event) => {
              window.clearTimeout(timer.current);
              onChange({ q: text.trim(), all: (event.target as HTMLInputElement).checked });
            }}
          />
          All types, not only {typeLabel}
        </label>
      </div>
    </form>
  );
}
