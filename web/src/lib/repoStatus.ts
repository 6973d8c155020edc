import type { Repository } from '../api/types';

const reasons: Record<string, string> = {
  not_found: 'Not found',
  access_revoked: 'Access revoked',
  archived: 'Archived',
  sso_required: 'SSO required',
  rate_limited: 'Rate limited',
};

/** "Connected", or the reason a repository cannot be used, as people say it. */
export function repoStatusText(repo: Repository): string {
  if (repo.status === 'connected') return 'Connected';
  return reasons[repo.status_reason] ?? (repo.status_reason ? repo.status_reason.replace(/_/g, ' ') : 'Error');
}
