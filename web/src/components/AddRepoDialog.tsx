// Add Repo: a searchable list of the repositories the connection's token can use, then the
// branch, with the repository's default branch preselected.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { messageOf } from '../api/errors';
import type { AvailableRepository, Connection, Repository } from '../api/types';
import { formErrors, noErrors, type FormErrors } from '../lib/fieldErrors';
import { Dialog } from './Dialog';
import { FieldError } from './Field';
import { RepoListbox } from './RepoListbox';

interface Props {
  connection: Connection;
  onClose: () => void;
  onAdded: (repo: Repository) => void;
}

type BranchState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; branches: string[] } | { kind: 'failed'; message: string };

export function AddRepoDialog({ connection, onClose, onAdded }: Props) {
  const [available, setAvailable] = useState<AvailableRepository[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<AvailableRepository | null>(null);
  const [branchState, setBranchState] = useState<BranchState>({ kind: 'idle' });
  const [branch, setBranch] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  // The repository whose branches were asked for last: an earlier choice's answer may come later.
  const asked = useRef('');
  const searchId = useId();
  const branchId = useId();

  useEffect(() => {
    api.availableRepos(connection.id).then((answer) => setAvailable(answer.repositories), (err) => setLoadError(messageOf(err)));
  }, [connection.id]);

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (available ?? []).filter((repo) => !q || repo.full_name.toLowerCase().includes(q));
  }, [available, query]);

  const choose = (repo: AvailableRepository) => {
    setChosen(repo);
    setErrors(noErrors);
    setBranchState({ kind: 'loading' });
    setBranch(repo.default_branch ?? '');
    asked.current = repo.full_name;
    api.branches(connection.id, repo.full_name).then(
      (answer) => {
        if (asked.current !== repo.full_name) return;
        setBranch(answer.default_branch);
        const branches = answer.branches.includes(answer.default_branch) ? answer.branches : [answer.default_branch, ...answer.branches];
        setBranchState({ kind: 'ready', branches });
      },
      (err) => {
        if (asked.current === repo.full_name) setBranchState({ kind: 'failed', message: messageOf(err) });
      },
    );
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!chosen) return setErrors({ fields: { repository: 'Choose a repository from the list' }, form: null });
    setBusy(true);
    setErrors(noErrors);
    try {
      onAdded(await api.addRepo(connection.id, chosen.full_name, branch));
    } catch (error) {
      setErrors(formErrors(error, ['repository', 'branch']));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add a repository" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for={searchId}>Search repositories</label>
          <input id={searchId} type="search" role="searchbox" value={query} autoComplete="off"
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} aria-controls={`${searchId}-list`} />
        </div>
        {loadError && <FieldError message={loadError} />}
        {!available && !loadError && <p role="status">Asking which repositories the token can use…</p>}
        {available && (
          <RepoListbox id={`${searchId}-list`} repos={matches} chosen={chosen} onChoose={choose} total={available.length} />
        )}
        {errors.fields.repository && <FieldError message={errors.fields.repository} />}
        {chosen && (
          <div class="field">
            <label for={branchId}>Branch</label>
            <select id={branchId} value={branch} disabled={branchState.kind !== 'ready'}
              onChange={(e) => setBranch((e.currentTarget as HTMLSelectElement).value)}>
              {branchState.kind === 'ready' ? (
                branchState.branches.map((name) => (
                  <option key={name} value={name}>
                    {name}
                    {name === chosen.default_branch ? ' (default)' : ''}
                  </option>
                ))
              ) : (
                <option value={branch}>{branch || 'Loading…'}</option>
              )}
            </select>
            {branchState.kind === 'failed' && <FieldError message={branchState.message} />}
            {errors.fields.branch && <FieldError message={errors.fields.branch} />}
          </div>
        )}
        {errors.form && <FieldError message={errors.form} />}
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={busy || !chosen || branchState.kind !== 'ready'}>
            Add repository
          </button>
        </div>
      </form>
    </Dialog>
  );
}
