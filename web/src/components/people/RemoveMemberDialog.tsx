// Removing a member, behind a confirmation. Their connections and history stay; they lose
// access to this workspace only. The API's refusal (the last owner) shows here.
import { useState } from 'preact/hooks';
import { peopleApi, type Member } from '../../api/people';
import { messageOf } from '../../api/errors';
import { Dialog } from '../Dialog';
import { FieldError } from '../Field';

interface Props {
  workspace: number;
  workspaceName: string;
  member: Member;
  onClose: () => void;
  onRemoved: () => void;
  onRefused: () => void;
}

export function RemoveMemberDialog({ workspace, workspaceName, member, onClose, onRemoved, onRefused }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await peopleApi.removeMember(workspace, member.user_id);
      onRemoved();
    } catch (err) {
      setError(`${member.email} was not removed: ${messageOf(err)}`);
      setBusy(false);
      onRefused();
    }
  };

  return (
    <Dialog title={`Remove ${member.email}?`} onClose={onClose}>
      <p>
        {member.email} loses access to the workspace {workspaceName}. What they did stays in the audit log, and an owner can
        add them again later.
      </p>
      {error && <FieldError message={error} />}
      <div class="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void remove()}>
          Remove member
        </button>
      </div>
    </Dialog>
  );
}
