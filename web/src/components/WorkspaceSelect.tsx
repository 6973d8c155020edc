import { useSession } from '../lib/session';
import { useId } from 'preact/hooks';

/** Only when the user has several workspaces: one workspace needs no choice. */
export function WorkspaceSelect() {
  const session = useSession();
  const id = useId();
  if (session.me.workspaces.length < 2) {
    return session.workspace ? <p class="workspace-name">{session.workspace.name}</p> : null;
  }
  return (
    <div class="field compact">
      <label for={id}>Workspace</label>
      <select
        id={id}
        value={String(session.workspace?.id ?? '')}
        onChange={(event) => session.chooseWorkspace(Number((event.currentTarget as HTMLSelectElement).value))}
      >
        {session.me.workspaces.map((workspace) => (
          <option key={workspace.id} value={String(workspace.id)}>
            {workspace.name} ({workspace.role})
          </option>
        ))}
      </select>
    </div>
  );
}
