// Who is signed in, their workspaces and the chosen one, shared by every page under the shell.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me, SessionUser, Workspace } from '../api/types';

export interface Session {
  user: SessionUser;
  me: Me;
  workspace: Workspace | null;
  chooseWorkspace: (id: number) => void;
  /** Reads the user's workspaces and roles again (after a change to their own membership). */
  reloadMe: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

const workspaceKey = 'hsd.workspace';

/** The workspace picked last time in this browser, when the user still belongs to it. */
export function rememberedWorkspace(me: Me): Workspace | null {
  const saved = Number(window.localStorage.getItem(workspaceKey));
  return me.workspaces.find((w) => w.id === saved) ?? me.workspaces[0] ?? null;
}

export function rememberWorkspace(id: number): void {
  window.localStorage.setItem(workspaceKey, String(id));
}
