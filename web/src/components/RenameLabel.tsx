// The card's title; for admins a pencil (shown on hover and on keyboard focus) turns it into a
// textbox: Enter saves, Escape cancels, an error stays next to it with what was typed.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { messageOf } from '../api/errors';
import type { Connection } from '../api/types';
import { FieldError } from './Field';

interface Props {
  connection: Connection;
  canEdit: boolean;
  onRenamed: () => void;
  headingLevel?: 'h3' | 'h1';
}

export function RenameLabel({ connection, canEdit, onRenamed, headingLevel = 'h3' }: Props) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(connection.label);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const errorId = useId();
  const Heading = headingLevel;

  useEffect(() => {
    if (editing) {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [editing]);

  const stop = () => {
    setEditing(false);
    setError(null);
    // Back to the pencil once it is rendered again.
    window.setTimeout(() => buttonRef.current?.focus(), 0);
  };

  const save = async () => {
    const label = value.trim();
    if (label === connection.label) return stop();
    if (!label) return setError('The name cannot be blank');
    setBusy(true);
    try {
      await api.rename(connection.id, label);
      onRenamed();
      stop();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (editing) {
    return (
      <div class="rename">
        <input
          ref={inputRef}
          class="rename-input"
          aria-label="Connection name"
          value={value}
          disabled={busy}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? errorId : undefined}
          onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void save();
            } else if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setValue(connection.label);
              stop();
            }
          }}
        />
        <p class="field-help">Enter saves, Escape cancels.</p>
        {error && <FieldError id={errorId} message={error} />}
      </div>
    );
  }
  return (
    <div class="title-row">
      <Heading class="card-title">{connection.label}</Heading>
      {canEdit && (
        <button
          ref={buttonRef}
          type="button"
          class="icon-button pencil"
          aria-label="Rename"
          title="Rename"
          onClick={() => {
            setValue(connection.label);
            setEditing(true);
          }}
        >
          <span aria-hidden="true">✎</span>
        </button>
      )}
    </div>
  );
}
