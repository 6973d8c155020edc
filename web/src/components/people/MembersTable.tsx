// Everyone in the workspace: e-mail, name, role and since when. Owners get a row's controls
// (change role, remove, a password link for someone who never set one), except on the last
// owner, whom the API would refuse to demote or remove anyway.
import type { Member } from '../../api/people';
import { formatDate } from '../../lib/format';
import { roleLabel } from './roles';

interface Props {
  members: Member[];
  you: number;
  canManage: boolean;
  onChangeRole: (member: Member) => void;
  onRemove: (member: Member) => void;
  onPasswordLink: (member: Member) => void;
}

export function MembersTable({ members, you, canManage, onChangeRole, onRemove, onPasswordLink }: Props) {
  const owners = members.filter((m) => m.role === 'owner').length;
  return (
    <table class="people-table members-table">
      <caption class="visually-hidden">Members of the workspace</caption>
      <thead>
        <tr>
          <th scope="col">E-mail</th>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Member since</th>
          {canManage && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {members.map((member) => {
          const lastOwner = member.role === 'owner' && owners === 1;
          return (
            <tr key={member.user_id}>
              <th scope="row" class="member-email" data-label="E-mail">
                {member.email}
                {member.user_id === you && <span class="you"> (you)</span>}
              </th>
              <td data-label="Name">{member.name || <span class="muted">-</span>}</td>
              <td data-label="Role">
                {roleLabel[member.role]}
                {lastOwner && <span class="muted last-owner"> · the only owner</span>}
              </td>
              <td data-label="Member since">
                <time dateTime={member.created_at ?? undefined}>{formatDate(member.created_at)}</time>
              </td>
              {canManage && (
                <td data-label="Actions">
                  <div class="member-actions">
                    {lastOwner ? (
                      <span class="muted">Make another member owner to change this one</span>
                    ) : (
                      <>
                        <button type="button" class="small" aria-label={`Change role of ${member.email}`} onClick={() => onChangeRole(member)}>
                          Change role
                        </button>
                        <button type="button" class="small danger-outline" aria-label={`Remove ${member.email}`} onClick={() => onRemove(member)}>
                          Remove
                        </button>
                      </>
                    )}
                    {!member.password_set && (
                      <button type="button" class="small" aria-label={`Password link for ${member.email}`} onClick={() => onPasswordLink(member)}>
                        Password link
                      </button>
                    )}
                  </div>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
