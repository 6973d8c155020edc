// The Members page (/members): everyone in the workspace sees who is in it; owners add members,
// change roles, remove members and issue password links. The engine checks every change (403
// for anyone but an owner); the page only leaves out controls the role cannot use.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { peopleApi, type Member, type PasswordLink } from '../api/people';
import { messageOf } from '../api/errors';
import { useSession } from '../lib/session';
import { LiveRegion } from '../components/LiveRegion';
import { AddMemberForm } from '../components/people/AddMemberForm';
import { MembersTable } from '../components/people/MembersTable';
import { ChangeRoleDialog } from '../components/people/ChangeRoleDialog';
import { RemoveMemberDialog } from '../components/people/RemoveMemberDialog';
import { PasswordLinkDialog } from '../components/people/PasswordLinkDialog';
import { canManageMembers, roleLabel } from '../components/people/roles';
import '../styles/people.css';

type Open =
  | { kind: 'role'; member: Member }
  | { kind: 'remove'; member: Member }
  | { kind: 'link'; email: string; link: PasswordLink }
  | null;

export function MembersPage() {
  const session = useSession();
  const workspace = session.workspace!;
  const canManage = canManageMembers(workspace.role);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [open, setOpen] = useState<Open>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setMembers(await peopleApi.members(workspace.id));
      setLoadError(null);
    } catch (error) {
      setLoadError(messageOf(error));
    }
  }, [workspace.id]);

  useEffect(() => {
    document.title = 'Members · HubSpot Deploy';
    void load();
  }, [load]);

  // The list shows the change at once (the answer says what it is), then is read again for what
  // others changed meanwhile. A change to one's own membership changes what the whole UI offers:
  // read the roles again.
  const afterChange = async (member: { user_id: number }, message: string, shown: (list: Member[]) => Member[]) => {
    setMembers((list) => (list ? shown(list) : list));
    setAnnouncement(message);
    setActionError(null);
    await load();
    if (member.user_id === session.user.id) await session.reloadMe();
  };

  const passwordLink = async (member: Member) => {
    setActionError(null);
    try {
      const link = await peopleApi.passwordLink(workspace.id, member.user_id);
      setOpen({ kind: 'link', email: member.email, link });
    } catch (error) {
      setActionError(`No link for ${member.email}: ${messageOf(error)}`);
      void load();
    }
  };

  return (
    <div class="people-page members-page">
      <h1 ref={heading} tabIndex={-1}>
        Members
      </h1>
      <p class="page-intro">
        Everyone in the workspace <strong>{workspace.name}</strong>.
      </p>
      <LiveRegion message={announcement} />
      {!canManage && <p class="note">Only workspace owners can add, change or remove members - ask an owner</p>}
      {canManage && (
        <AddMemberForm
          workspace={workspace.id}
          onAdded={(member) => {
            void afterChange(member, `Added ${member.email} as ${roleLabel[member.role].toLowerCase()}`, (list) => [
              ...list.filter((m) => m.user_id !== member.user_id),
              member,
            ]);
            if (member.password_link) setOpen({ kind: 'link', email: member.email, link: member.password_link });
          }}
        />
      )}
      {actionError && (
        <p class="field-error" role="alert">
          {actionError}
        </p>
      )}
      {loadError && (
        <p class="field-error" role="alert">
          Could not load the members: {loadError}
        </p>
      )}
      {!members && !loadError && <p role="status">Loading the members…</p>}
      {members && members.length === 0 && <p class="empty">This workspace has no members.</p>}
      {members && members.length > 0 && (
        <section class="members-list" aria-label="Members">
          <MembersTable
            members={members}
            you={session.user.id}
            canManage={canManage}
            onChangeRole={(member) => setOpen({ kind: 'role', member })}
            onRemove={(member) => setOpen({ kind: 'remove', member })}
            onPasswordLink={(member) => void passwordLink(member)}
          />
        </section>
      )}
      {open?.kind === 'role' && (
        <ChangeRoleDialog
          workspace={workspace.id}
          member={open.member}
          onClose={() => setOpen(null)}
          onRefused={() => void load()}
          onChanged={(member) => {
            setOpen(null);
            void afterChange(member, `${member.email} is now ${roleLabel[member.role].toLowerCase()}`, (list) =>
              list.map((m) => (m.user_id === member.user_id ? member : m)),
            );
          }}
        />
      )}
      {open?.kind === 'remove' && (
        <RemoveMemberDialog
          workspace={workspace.id}
          workspaceName={workspace.name}
          member={open.member}
          onClose={() => setOpen(null)}
          onRefused={() => void load()}
          onRemoved={() => {
            const gone = open.member;
            setOpen(null);
            // The row (and the button that opened the dialog) is gone: focus goes to the heading.
            heading.current?.focus();
            void afterChange(gone, `Removed ${gone.email}`, (list) => list.filter((m) => m.user_id !== gone.user_id));
          }}
        />
      )}
      {open?.kind === 'link' && <PasswordLinkDialog email={open.email} link={open.link} onClose={() => setOpen(null)} />}
    </div>
  );
}
