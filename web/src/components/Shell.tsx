// Every signed-in page: a skip link, the sidebar (navigation, the workspace, who is signed in,
// Sign out) and the page itself.
import type { ComponentChildren } from 'preact';
import { useSession } from '../lib/session';
import { Link } from './Link';
import { WorkspaceSelect } from './WorkspaceSelect';
import '../styles/shell.css';

export function Shell({ path, children }: { path: string; children: ComponentChildren }) {
  const session = useSession();
  const onConnections = path === '/connections' || path.startsWith('/connections/');
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="sidebar">
        <p class="brand">HubSpot Deploy</p>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/connections" aria-current={path === '/connections' ? 'page' : onConnections ? 'true' : undefined}>
                Connections
              </Link>
            </li>
          </ul>
        </nav>
        <div class="account">
          <WorkspaceSelect />
          <p class="signed-in-as">
            <span class="visually-hidden">Signed in as </span>
            <span class="email">{session.user.email}</span>
          </p>
          <button type="button" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="content" tabIndex={-1}>
        {session.workspace ? children : <NoWorkspace />}
      </main>
    </div>
  );
}

function NoWorkspace() {
  return (
    <>
      <h1>No workspace</h1>
      <p>You do not belong to any workspace yet: ask a workspace owner to add you.</p>
    </>
  );
}
