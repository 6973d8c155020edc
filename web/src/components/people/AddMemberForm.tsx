// Owners add a member by e-mail with a role. A person new to the service gets a one-time link
// to set a password, which the page shows for the owner to pass on.
import { useId, useState } from 'preact/hooks';
import { peopleApi, type Member } from '../../api/people';
import type { Role } from '../../api/types';
import { formErrors, noErrors, type FormErrors } from '../../lib/fieldErrors';
import { Field, FieldError } from '../Field';
import { roleHelp, roleLabel, roles } from './roles';

interface Props {
  workspace: number;
  onAdded: (member: Member) => void;
}

export function AddMemberForm({ workspace, onAdded }: Props) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const roleId = useId();
  const headingId = useId();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!email.trim()) return setErrors({ fields: { email: 'Enter the e-mail address of the person to add' }, form: null });
    setBusy(true);
    setErrors(noErrors);
    try {
      const added = await peopleApi.addMember(workspace, email.trim(), role);
      setEmail('');
      setRole('member');
      onAdded(added);
    } catch (error) {
      // What was typed stays, next to the error.
      setErrors(formErrors(error, ['email', 'role']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="add-member" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a member</h2>
      <form onSubmit={submit} noValidate>
        <div class="add-member-fields">
          <Field
            label="E-mail"
            type="email"
            value={email}
            onInput={(value) => {
              setEmail(value);
              // The error was about what was typed before.
              if (errors.fields.email) setErrors(noErrors);
            }}
            error={errors.fields.email}
            autoComplete="off"
            required
          />
          <div class="field">
            <label for={roleId}>Role</label>
            <select id={roleId} value={role} aria-describedby={`${roleId}-help`}
              onChange={(event) => setRole((event.currentTarget as HTMLSelectElement).value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel[r]}
                </option>
              ))}
            </select>
            <p id={`${roleId}-help`} class="field-help">
              {roleHelp[role]}
            </p>
            {errors.fields.role && <FieldError message={errors.fields.role} />}
          </div>
          <div class="add-member-submit">
            <button type="submit" class="primary" disabled={busy}>
              Add member
            </button>
          </div>
        </div>
        {errors.form && <FieldError message={errors.form} />}
      </form>
    </section>
  );
}
