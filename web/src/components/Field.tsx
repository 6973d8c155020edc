// A labelled input with its help text and its error right under it, tied to it for screen
// readers (aria-describedby, aria-invalid). The value is the caller's state, so an error never
// clears what the person typed.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  name?: string;
  error?: string | null;
  help?: ComponentChildren;
  required?: boolean;
  autoComplete?: string;
  autoFocus?: boolean;
  placeholder?: string;
}

export function Field(props: FieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [props.help ? helpId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <div class="field-label">
        <label for={id}>{props.label}</label>
        {/* Outside the label: the input's name stays exactly the label (screen readers say "required"). */}
        {props.required && (
          <span class="required" aria-hidden="true">
            *
          </span>
        )}
      </div>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        onInput={(event) => props.onInput((event.currentTarget as HTMLInputElement).value)}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy}
        autoComplete={props.autoComplete}
        autoFocus={props.autoFocus}
        placeholder={props.placeholder}
        spellcheck={false}
      />
      {props.help && (
        <p id={helpId} class="field-help">
          {props.help}
        </p>
      )}
      {props.error && <FieldError id={errorId} message={props.error} />}
    </div>
  );
}

export function FieldError({ id, message }: { id?: string; message: string }) {
  return (
    <p id={id} class="field-error" role="alert">
      {message}
    </p>
  );
}
