import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { SignedIn } from '../api/types';
import { Field, FieldError } from '../components/Field';
import { formErrors, noErrors, type FormErrors } from '../lib/fieldErrors';
import { AuthLayout } from '../components/AuthLayout';

interface Props {
  notice: string | null;
  onSignedIn: (signedIn: SignedIn) => Promise<void>;
}

export function SignInPage({ notice, onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      await onSignedIn(await api.signIn(email.trim(), password));
    } catch (error) {
      setErrors(formErrors(error, ['email', 'password']));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Sign in">
      {notice && !errors.form && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field label="E-mail" type="email" name="email" value={email} onInput={setEmail} error={errors.fields.email}
          autoComplete="username" required autoFocus />
        <Field label="Password" type="password" name="password" value={password} onInput={setPassword}
          error={errors.fields.password} autoComplete="current-password" required />
        {errors.form && <FieldError message={errors.form} />}
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <p class="field-help">No password yet? Use the link your workspace owner gave you.</p>
    </AuthLayout>
  );
}
