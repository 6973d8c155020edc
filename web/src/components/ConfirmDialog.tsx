// A yes-or-no question before something that cannot be undone (delete a comparison, remove a
// watch or a repository), with the API's refusal shown inside it rather than lost on close.
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { messageOf } from '../api/errors';
import { Dialog } from './Dialog';
import { FieldError } from './Field';

interface Props {
  title: string;
  confirm: string;
  children: ComponentChildren;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function ConfirmDialog({ title, confirm, children, onConfirm, onClose }: Props) {
  const describedBy = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose} describedBy={describedBy}>
      <div id={describedBy}>{children}</div>
      {error && <FieldError message={error} />}
      <div class="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" class="danger" disabled={busy} onClick={go}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}
