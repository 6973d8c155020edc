/**
 * Where to go after signing in: only a path of this site (never `//host` or a full URL, which
 * would make the sign-in page an open redirect), and never back to the sign-in page itself.
 */
export function safeNext(next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/sign-in')) return next;
  return '/connections';
}
