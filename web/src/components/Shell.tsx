// Every signed-in page: a skip link, the sidebar (navigation, the workspace and the user's role
// in it, who is signed in, Sign out) and the page itself.
import type { ComponentChildren } from 'preact';
import { useSession } from '../lib/session';
import { canAdminister } from '../api/types';
import { Link } from './Link';
import { WorkspaceSelect } from './WorkspaceSelect';
import '../styles/shell.css';

/** aria-current for a nav link: "page" on the section's own page, "true" inside the section. */
function current(path: string, section: string): 'page' | 'true' | undefined {
  if (path === section) return 'page';
  return path.startsWith(`${section}/`) ? 'true' : undefined;
}

export function Shell({ path, children }: { path: string; children: ComponentChildren }) {
  const session = useSession();
  const workspace = session.workspace;
  const { name, email } = session.user;
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
              <Link href="/connections" aria-current={current(path, '/connections')}>
                Connections
              </Link>
            </li>
            {workspace && (
              <li>
                <Link href="/comparisons" aria-current={current(path, '/comparisons')}>
                  Comparisons
                </Link>
              </li>
            )}
            {workspace && (
              <li>
                <Link href="/members" aria-current={current(path, '/members')}>
                  Members
                </Link>
              </li>
            )}
            {/* Members cannot read the audit log (the API answers 403), so they get no link to it. */}
            {workspace && canAdminister(workspace.role) && (
              <li>
                <Link href="/audit" aria-current={current(path, '/audit')}>
                  Audit log
                </Link>
              </li>
            )}
          </ul>
        </nav>
        <div class="account">
          <WorkspaceSelect path={path} />
          <p class="signed-in-as">
            <span class="visually-hidden">Signed in as </span>
            {name && <span class="user-name">{name}</span>}
            <span class="email">{email}</span>
          </p>
          <button type="button" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="content" tabIndex={-1}>
        {/* Keyed by workspace: switching remounts the page, which loads the other workspace's data. */}
        {workspace ? <div key={workspace.id}>{children}</div> : <NoWorkspace />}
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
