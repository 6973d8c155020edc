// An audit entry's target and details in a few words: details are JSON objects of what changed
// (never a secret), shown as `key: value` pairs, long values shortened.
import type { AuditRecord } from '../../api/people';
import { formatDate, oneLine, typeName } from '../../lib/format';

const maxValue = 80;
const shortValue = (value: unknown) => oneLine(value, maxValue);

export function detailsText(details: AuditRecord['details']): string {
  if (details === null || details === undefined || details === '') return '';
  if (typeof details !== 'object' || Array.isArray(details)) return shortValue(details);
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${shortValue(value)}`)
    .join(', ');
}

/** The target by the name people know it by when it still has one ("connection Acme portal"), by id otherwise. */
export function targetText(entry: AuditRecord): string {
  const type = typeName(entry.target_type);
  const which = entry.target_name || entry.target_id;
  return which ? `${type} ${which}` : type;
}

/** When it happened, to the second (several changes often fall in one minute). */
export function auditTime(iso: string | null): string {
  return iso ? formatDate(iso, 'medium') : '-';
}
