// The application: finds out whether the browser is signed in, routes, and keeps people who
// are not on the sign-in pages (remembering where they were going).
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api } from './api/endpoints';
import { setCsrfToken, setUnauthenticatedHandler } from './api/client';
import { messageOf } from './api/errors';
import type { Me, SessionUser, SignedIn } from './api/types';
import { matchRoute, navigate, useLocation } from './lib/router';
import { rememberWorkspace, rememberedWorkspace, SessionContext, type Session } from './lib/session';
import { SignInPage } from './pages/SignInPage';
import { SetPasswordPage } from './pages/SetPasswordPage';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { ConnectionDetailsPage } from './pages/ConnectionDetailsPage';
import { MetadataLoader } from './pages/MetadataLoader';
import { ComparisonsLoader } from './pages/ComparisonsLoader';
import { NotFoundPage } from './pages/NotFoundPage';
import { MembersPage } from './pages/MembersPage';
import { AuditPage } from './pages/AuditPage';
import { Shell } from './components/Shell';
import { LoadingPage } from './pages/LoadingPage';
import { safeNext } from './lib/safeNext';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice: string | null }
  | { kind: 'failed'; message: string }
  | { kind: 'signed-in'; user: SessionUser; me: Me };

const publicPaths = ['/sign-in', '/set-password'];

export function App() {
  const location = useLocation();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [workspaceId, setWorkspaceId] = useState<number | null>(null);

  const enter = useCallback(async (signedIn: SignedIn) => {
    setCsrfToken(signedIn.csrf_token);
    const me = await api.me();
    setWorkspaceId(rememberedWorkspace(me)?.id ?? null);
    setState({ kind: 'signed-in', user: signedIn.user, me });
  }, []);

  // At start: the session (and its CSRF token), or a 401 meaning "not signed in".
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken('');
      setState({ kind: 'signed-out', notice: 'Your session has ended: sign in again' });
    });
    api
      .session()
      .then(enter)
      .catch((error) => {
        if ((error as { status?: number }).status === 401) setState({ kind: 'signed-out', notice: null });
        else setState({ kind: 'failed', message: messageOf(error) });
      });
  }, [enter]);

  const isPublic = publicPaths.includes(location.path);

  // Signed-out people go to /sign-in with where they were going; `/` goes to Connections.
  useEffect(() => {
    if (state.kind === 'signed-out' && !isPublic) {
      const next = location.path === '/' ? '' : `?next=${encodeURIComponent(location.path + window.location.search)}`;
      navigate(`/sign-in${next}`, { replace: true });
    } else if (state.kind === 'signed-in' && (location.path === '/' || location.path === '/sign-in')) {
      navigate(safeNext(location.search.get('next')), { replace: true });
    }
  }, [state.kind, location.path, isPublic]);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      setCsrfToken('');
      setState({ kind: 'signed-out', notice: 'You have signed out' });
      navigate('/sign-in');
    }
  }, []);

  // After a change to one's own membership (a role, a removal): the roles the pages go by.
  const reloadMe = useCallback(async () => {
    const me = await api.me();
    setState((now) => (now.kind === 'signed-in' ? { ...now, me } : now));
  }, []);

  const session = useMemo<Session | null>(() => {
    if (state.kind !== 'signed-in') return null;
    const workspace = state.me.workspaces.find((w) => w.id === workspaceId) ?? state.me.workspaces[0] ?? null;
    return {
      user: state.user,
      me: state.me,
      workspace,
      chooseWorkspace: (id: number) => {
        rememberWorkspace(id);
        setWorkspaceId(id);
      },
      signOut,
      reloadMe,
    };
  }, [state, workspaceId, signOut, reloadMe]);

  if (location.path === '/set-password') {
    return <SetPasswordPage onSignedIn={(signedIn) => enter(signedIn).then(() => navigate('/connections', { replace: true }))} />;
  }
  if (state.kind === 'loading') return <LoadingPage />;
  if (state.kind === 'failed') return <LoadingPage error={state.message} />;
  if (state.kind === 'signed-out') {
    if (location.path !== '/sign-in') return <LoadingPage />;
    return (
      <SignInPage
        notice={state.notice}
        onSignedIn={(signedIn) => enter(signedIn).then(() => navigate(safeNext(location.search.get('next')), { replace: true }))}
      />
    );
  }
  if (!session || location.path === '/' || location.path === '/sign-in') return <LoadingPage />;

  const details = matchRoute('/connections/:id', location.path);
  const comparison = matchRoute('/comparisons/:id', location.path);
  const metadata = metadataRoute(location.path);
  let page;
  if (matchRoute('/connections', location.path)) page = <ConnectionsPage />;
  else if (metadata) page = metadata;
  else if (details && /^\d+$/.test(details.id)) page = <ConnectionDetailsPage id={Number(details.id)} />;
  else if (matchRoute('/comparisons', location.path)) page = <ComparisonsLoader id={null} />;
  else if (comparison && /^\d+$/.test(comparison.id)) page = <ComparisonsLoader id={Number(comparison.id)} />;
  else if (matchRoute('/members', location.path)) page = <MembersPage />;
  else if (matchRoute('/audit', location.path)) page = <AuditPage />;
  else page = <NotFoundPage />;
  return (
    <SessionContext.Provider value={session}>
      <Shell path={location.path}>{page}</Shell>
    </SessionContext.Provider>
  );
}

/** The Metadata Explorer's three addresses: types, a type's list, one object's inspector. */
function metadataRoute(path: string) {
  const m =
    matchRoute('/connections/:id/metadata/:type/:object', path) ??
    matchRoute('/connections/:id/metadata/:type', path) ??
    matchRoute('/connections/:id/metadata', path);
  if (!m || !/^\d+$/.test(m.id)) return null;
  return <MetadataLoader key={m.id} connectionId={Number(m.id)} type={m.type} objectId={m.object} />;
}
