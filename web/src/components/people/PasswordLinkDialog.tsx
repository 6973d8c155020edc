// A one-time password link to pass on (after adding a member who has no password, or issued
// again by an owner): shown once, read-only, with a Copy button. It is never stored by the UI.
import { useId, useRef, useState } from 'preact/hooks';
import type { PasswordLink } from '../../api/people';
import { formatDate } from '../../lib/format';
import { Dialog } from '../Dialog';

interface Props {
  email: string;
  link: PasswordLink;
  onClose: () => void;
}

export function PasswordLinkDialog({ email, link, onClose }: Props) {
  const inputId = useId();
  const helpId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied('Copied the link');
    } catch {
      // No clipboard permission: the link is selected, so Ctrl+C copies it.
      input.current?.select();
      setCopied('Could not copy: the link is selected, press Ctrl+C to copy it');
    }
  };

  return (
    <Dialog title={`One-time link for ${email}`} onClose={onClose} describedBy={helpId}>
      <p id={helpId}>
        Send this link to {email}: it sets their password and signs them in. It works once, until{' '}
        {formatDate(link.expires_at)}, and is not shown again.
      </p>
      <div class="field">
        <label for={inputId}>Password link</label>
        <input id={inputId} ref={input} class="link-input" type="text" value={link.url} readOnly onFocus={(e) => e.currentTarget.select()} />
      </div>
      <p class="copy-status" role="status">
        {copied}
      </p>
      <div class="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="button" class="primary" onClick={() => void copy()} autoFocus>
          Copy link
        </button>
      </div>
    </Dialog>
  );
}
