// One of a plugin's declared connect parameters as a form field: secrets as password inputs,
// numbers as number inputs, booleans as checkboxes, lists one per line, objects as JSON.
import type { ConnectParam } from '../api/types';
import { Field, FieldError } from './Field';
import { useId } from '../lib/useId';

interface Props {
  param: ConnectParam;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  autoFocus?: boolean;
}

/** The label a person reads: the plugin's description, else the parameter's name. */
export function paramLabel(param: ConnectParam): string {
  return param.description || param.name.replace(/_/g, ' ');
}

/** The field's starting text from the declared default. */
export function initialValue(param: ConnectParam): string {
  const value = param.default;
  if (value === undefined || value === null) return param.type === 'boolean' ? 'false' : '';
  if (param.type === 'string_list' && Array.isArray(value)) return value.join('\n');
  if (typeof value === 'string') return value;
  return param.type === 'object' ? JSON.stringify(value, null, 2) : String(value);
}

export function ParamField({ param, value, onInput, error, autoFocus }: Props) {
  const id = useId('param');
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

/** The typed JSON value of a field, or an error naming what is wrong with it. */
export function paramValue(param: ConnectParam, text: string): { value?: unknown; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '' && param.type !== 'boolean') return param.required ? { error: 'Required' } : {};
  switch (param.type) {
    case 'integer':
    case 'number': {
      const n = Number(trimmed);
      if (!Number.isFinite(n) || (param.type === 'integer' && !Number.isInteger(n))) return { error: `Not a${param.type === 'integer' ? 'n integer' : ' number'}` };
      return { value: n };
    }
    case 'boolean':
      return { value: text === 'true' };
    case 'string_list':
      return { value: trimmed.split('\n').map((line) => line.trim()).filter(Boolean) };
    case 'object':
      try {
        return { value: JSON.parse(trimmed) };
      } catch {
        return { error: 'Not valid JSON' };
      }
    default:
      return { value: param.secret ? text : trimmed };
  }
}
