// The three roles as people read them, and what each may do (the engine enforces it; the UI
// only leaves out controls a role cannot use).
import type { Role } from '../../api/types';

export const roles: Role[] = ['owner', 'admin', 'member'];

export const roleLabel: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

export const roleHelp: Record<Role, string> = {
  owner: 'Everything admins do, and manages the members',
  admin: 'Connects, renames and deletes connections; reads the audit log',
  member: 'Sees the connections and the members; changes nothing',
};

export function canManageMembers(role: Role | undefined): boolean {
  return role === 'owner';
}
