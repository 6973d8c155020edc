// The one-time link's page: the token comes from the fragment (never sent to a server log), the
// API says whether the link is still good and for whom, then the new password signs them in.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ApiError, messageOf } from '../api/errors';
import type { SignedIn } from '../api/types';
import { Field, FieldError } from '../components/Field';
import { AuthLayout } from '../components/AuthLayout';
import { Link } from '../components/Link';
import { formErrors, noErrors, type FormErrors } from '../lib/fieldErrors';

interface Props {
  onSignedIn: (signedIn: SignedIn) => Promise<void>;
}

type LinkState = { kind: 'checking' } | { kind: 'valid'; email: string; expiresAt: string } | { kind: 'invalid'; message: string };

function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

export function SetPasswordPage({ onSignedIn }: Props) {
  const [token] = useState(tokenFromHash);
  const [link, setLink] = useState<LinkState>({ kind: 'checking' });
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) {
      setLink({ kind: 'invalid', message: 'This link has no token: ask your workspace owner for a new link' });
      return;
    }
    api
      .passwordLink(token)
      .then((answer) => setLink({ kind: 'valid', email: answer.email, expiresAt: answer.expires_at }))
      .catch((error) =>
        setLink({
          kind: 'invalid',
          message: error instanceof ApiError && error.status === 404 ? 'This link is not valid: ask your workspace owner for a new one' : messageOf(error),
        }),
      );
  }, [token]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (password !== repeat) {
      setErrors({ fields: { repeat: 'The two passwords are not the same' }, form: null });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const signedIn = await api.setPassword(token, password);
      // The token is spent: keep it out of the history and the address bar.
      window.history.replaceState(null, '', '/set-password');
      await onSignedIn(signedIn);
    } catch (error) {
      if (error instanceof ApiError && error.field === 'token') setLink({ kind: 'invalid', message: error.display });
      else setErrors(formErrors(error, ['password']));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Set your password">
      {link.kind === 'checking' && <p role="status">Checking the link…</p>}
      {link.kind === 'invalid' && (
        <>
          <p class="field-error" role="alert">
            {link.message}
          </p>
          <p>
            Already have a password? <Link href="/sign-in">Sign in</Link>.
          </p>
        </>
      )}
      {link.kind === 'valid' && (
        <form onSubmit={submit} noValidate>
          <p>
            For <strong>{link.email}</strong>. This link works once.
          </p>
          <input type="email" name="username" value={link.email} autoComplete="username" hidden readOnly />
          <Field label="New password" type="password" name="new-password" value={password} onInput={setPassword}
            error={errors.fields.password} autoComplete="new-password" required autoFocus
            help="At least 10 characters, and not your e-mail address." />
          <Field label="Repeat the password" type="password" name="repeat-password" value={repeat} onInput={setRepeat}
            error={errors.fields.repeat} autoComplete="new-password" required />
          {errors.form && <FieldError message={errors.form} />}
          <button type="submit" class="primary" disabled={busy}>
            Set password
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
