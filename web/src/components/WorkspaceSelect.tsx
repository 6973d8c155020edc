// The current workspace and the user's role in it, always shown; a choice of workspace when the
// user has several. Switching shows the same page for the other workspace (the shell remounts
// it, so it loads again); a page about one connection goes back to the Connections page, since
// that connection belongs to the workspace left; an older page of the audit log (?before=) goes
// back to the newest entries, the other workspace's.
import { useId } from 'preact/hooks';
import { useSession } from '../lib/session';
import { navigate } from '../lib/router';
import { roleLabel } from './people/roles';

export function WorkspaceSelect({ path }: { path: string }) {
  const session = useSession();
  const id = useId();
  const workspace = session.workspace;
  if (!workspace) return null;
  const role = (
    <p class="workspace-role">
      Your role: <strong>{roleLabel[workspace.role]}</strong>
    </p>
  );
  if (session.me.workspaces.length < 2) {
    return (
      <div class="workspace">
        <p class="workspace-name">
          <span class="workspace-caption">Workspace</span> <span class="workspace-title">{workspace.name}</span>
        </p>
        {role}
      </div>
    );
  }
  const choose = (value: string) => {
    session.chooseWorkspace(Number(value));
    if (path.startsWith('/connections/')) navigate('/connections');
    else if (window.location.search) navigate(path);
  };
  return (
    <div class="workspace">
      <div class="field compact">
        <label for={id}>Workspace</label>
        <select id={id} value={String(workspace.id)} onChange={(event) => choose((event.currentTarget as HTMLSelectElement).value)}>
          {session.me.workspaces.map((w) => (
            <option key={w.id} value={String(w.id)}>
              {w.name} ({roleLabel[w.role].toLowerCase()})
            </option>
          ))}
        </select>
      </div>
      {role}
    </div>
  );
}
