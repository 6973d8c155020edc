// A plugin's declared connect parameters as form values and back: the text a field starts
// with, and the typed JSON value (or what is wrong with the text) it sends.
import type { ConnectParam } from '../api/types';

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

/** The typed JSON value of a field, or an error naming what is wrong with it. */
export function paramValue(param: ConnectParam, text: string): { value?: unknown; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '' && param.type !== 'boolean') return param.required ? { error: 'Required' } : {};
  switch (param.type) {
    case 'integer':
    case 'number': {
      const n = Number(trimmed);
      if (!Number.isFinite(n)) return { error: 'Not a number' };
      if (param.type === 'integer' && !Number.isInteger(n)) return { error: 'Not a whole number' };
      return { value: n };
    }
    case 'boolean':
      return { value: text === 'true' };
    case 'string_list':
      return { value: trimmed.split('\n').map((line) => line.trim()).filter(Boolean) };
    case 'object':
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'Not a JSON object' };
        return { value: parsed };
      } catch {
        return { error: 'Not valid JSON' };
      }
    default:
      // A secret is sent exactly as typed: spaces may be part of it.
      return { value: param.secret ? text : trimmed };
  }
}
