// One of a plugin's declared connect parameters as a form field: secrets as password inputs,
// numbers as number inputs, booleans as checkboxes, lists one per line, objects as JSON.
import type { ConnectParam } from '../api/types';
import { useId } from 'preact/hooks';
import { Field, FieldError } from './Field';
import { paramLabel } from '../lib/connectParams';

interface Props {
  param: ConnectParam;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  autoFocus?: boolean;
}

export function ParamField({ param, value, onInput, error, autoFocus }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  const label = paramLabel(param);
  if (param.type === 'boolean') {
    return (
      <div class="field checkbox">
        <input id={id} type="checkbox" checked={value === 'true'} aria-describedby={error ? errorId : undefined}
          onChange={(event) => onInput((event.currentTarget as HTMLInputElement).checked ? 'true' : 'false')} />
        <label for={id}>{label}</label>
        {error && <FieldError id={errorId} message={error} />}
      </div>
    );
  }
  if (param.type === 'string_list' || param.type === 'object') {
    return (
      <div class="field">
        <div class="field-label">
          <label for={id}>{label}</label>
          {param.required && <span class="required" aria-hidden="true">*</span>}
        </div>
        <textarea id={id} rows={3} value={value} required={param.required} aria-invalid={error ? 'true' : undefined}
          aria-describedby={`${id}-help${error ? ` ${errorId}` : ''}`}
          onInput={(event) => onInput((event.currentTarget as HTMLTextAreaElement).value)} />
        <p id={`${id}-help`} class="field-help">
          {param.type === 'object' ? 'A JSON object.' : 'One value per line.'}
        </p>
        {error && <FieldError id={errorId} message={error} />}
      </div>
    );
  }
  return (
    <Field label={label} value={value} onInput={onInput} error={error} required={param.required} autoFocus={autoFocus}
      type={param.secret ? 'password' : param.type === 'string' ? 'text' : 'number'}
      autoComplete={param.secret ? 'off' : undefined} name={param.name} />
  );
}
