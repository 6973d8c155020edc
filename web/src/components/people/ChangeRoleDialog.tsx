// An owner changes a member's role: the three roles as radio buttons with what each may do.
// The API keeps a workspace's last owner (409); its refusal shows here, in words.
import { useState } from 'preact/hooks';
import { peopleApi, type Member } from '../../api/people';
import type { Role } from '../../api/types';
import { messageOf } from '../../api/errors';
import { Dialog } from '../Dialog';
import { FieldError } from '../Field';
import { roleHelp, roleLabel, roles } from './roles';

interface Props {
  workspace: number;
  member: Member;
  onClose: () => void;
  onChanged: (member: Member) => void;
  /** The list may be out of date once the API refused: the page reads it again. */
  onRefused: () => void;
}

export function ChangeRoleDialog({ workspace, member, onClose, onChanged, onRefused }: Props) {
  const [role, setRole] = useState<Role>(member.role);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (role === member.role) return onClose();
    setBusy(true);
    setError(null);
    try {
      onChanged(await peopleApi.changeRole(workspace, member.user_id, role));
    } catch (err) {
      setError(`The role was not changed: ${messageOf(err)}`);
      setBusy(false);
      onRefused();
    }
  };

  return (
    <Dialog title={`Change the role of ${member.email}`} onClose={onClose}>
      <form onSubmit={submit}>
        <fieldset class="role-choice">
          <legend>Role</legend>
          {roles.map((r) => (
            <label key={r} class="role-option">
              {/* Focus starts on the current role, where arrow keys move from (as Tab would land). */}
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} autoFocus={r === member.role} />
              <span>
                <strong>{roleLabel[r]}</strong>
                <span class="field-help">{roleHelp[r]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {error && <FieldError message={error} />}
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            Save role
          </button>
        </div>
      </form>
    </Dialog>
  );
}
