import type { Connection } from '../api/types';

/**
 * The credential itself is dead (a refresh token revoked or expired, a token refused): only a
 * new sign-in helps. `reauth_required` is what the engine records when a refresh fails; a
 * retrieval that then fails on the dead token reports `unauthenticated`, which asks the same.
 */
export function needsReconnect(connection: Connection): boolean {
  return connection.status === 'error' && (connection.status_code === 'reauth_required' || connection.status_code === 'unauthenticated');
}
