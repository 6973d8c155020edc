// An object's summary as its plugin declares it: RFC 6901 JSON pointers resolved on the parsed
// object, each value made readable (an array as its count and its elements' `item` values, an
// object as compact JSON). The parse is for reading fields only; the JSON views show the bytes.
import { oneLine } from '../../lib/format';
import type { SummaryField } from './metadataApi';

export interface SummaryLine {
  label: string;
  /** The value as text, or null when the pointer finds nothing. */
  value: string | null;
  /** For an array: its length and the first elements' values (through `item` when declared). */
  items?: { count: number; values: string[]; truncated: boolean };
}

const MAX_TEXT = 160;
export const MAX_ITEMS = 50;

/** RFC 6901: "" is the whole document; "/a/0/b~1c" walks a, 0, "b/c". Undefined when absent. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) return undefined;
  let value: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      if (!/^(?:0|[1-9][0-9]*)$/.test(token)) return undefined;
      value = value[Number(token)];
    } else if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, token)) {
      value = (value as Record<string, unknown>)[token];
    } else return undefined;
  }
  return value;
}

/** A value as one short line: strings as they are, anything else as compact JSON, cut at 160. */
export function compact(value: unknown): string {
  return oneLine(value, MAX_TEXT);
}

export function summarize(document: unknown, fields: SummaryField[]): SummaryLine[] {
  return fields.map((field) => {
    const value = resolvePointer(document, field.pointer);
    if (value === undefined) return { label: field.label, value: null };
    if (Array.isArray(value)) {
      // Each element through `item`, or (no `item`) the element itself: ["a","b"] lists a and b.
      const shown = value.slice(0, MAX_ITEMS);
      const picked = field.item === undefined ? shown : shown.map((element) => resolvePointer(element, field.item as string));
      const values = picked.filter((v) => v !== undefined).map(compact);
      const items = { count: value.length, values, truncated: value.length > MAX_ITEMS };
      return { label: field.label, value: `${value.length} ${value.length === 1 ? 'item' : 'items'}`, items };
    }
    return { label: field.label, value: compact(value) };
  });
}
