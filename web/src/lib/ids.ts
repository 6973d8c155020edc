// Ids that tie labels, descriptions and tooltips to their elements.
let next = 0;
export function uniqueId(prefix: string): string {
  next += 1;
  return `${prefix}-${next}`;
}
