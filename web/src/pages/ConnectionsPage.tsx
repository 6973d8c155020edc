// The Connections page: portals (source connections) and Git (VCS connections) of the chosen
// workspace, updated live by polling the list with conditional requests.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { messageOf } from '../api/errors';
import { canAdminister, type Connection, type Plugin } from '../api/types';
import { navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { usePoll } from '../lib/usePoll';
import { statusLabel } from '../lib/statusText';
import { PortalsSection } from '../components/PortalsSection';
import { GitSection } from '../components/GitSection';
import { DeleteDialog } from '../components/DeleteDialog';
import { LiveRegion } from '../components/LiveRegion';
import { Banner } from '../components/Banner';
import '../styles/cards.css';

export function ConnectionsPage() {
  const session = useSession();
  const workspace = session.workspace!;
  const canAdmin = canAdminister(workspace.role);
  const location = useLocation();
  const [plugins, setPlugins] = useState<Plugin[] | null>(null);
  const [pluginsError, setPluginsError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [deleting, setDeleting] = useState<Connection | null>(null);
  const list = usePoll((signal) => api.connections(workspace.id, signal), [workspace.id]);
  const lastStatuses = useRef<Map<number, string> | null>(null);
  const portalsHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = 'Connections · HubSpot Deploy';
    api.plugins().then(setPlugins, (err) => setPluginsError(messageOf(err)));
  }, []);

  // Status changes are read out politely (the first load is not news).
  useEffect(() => {
    if (!list.data) return;
    const now = new Map(list.data.map((c) => [c.id, c.status] as [number, string]));
    const before = lastStatuses.current;
    lastStatuses.current = now;
    if (!before) return;
    const changes = list.data
      .filter((c) => before.has(c.id) && before.get(c.id) !== c.status)
      .map((c) => `${c.label}: ${statusLabel[c.status]}`);
    if (changes.length > 0) setAnnouncement(changes.slice(0, 5).join('. '));
  }, [list.data]);

  const connected = location.search.get('connected');
  const oauthError = location.search.get('oauth_error');
  const dismissBanner = () => navigate('/connections', { replace: true });
  const connectedLabel = connected ? list.data?.find((c) => String(c.id) === connected)?.label : undefined;

  const sources = list.data?.filter((c) => c.kind === 'source');
  const vcs = list.data?.filter((c) => c.kind === 'vcs_target');

  return (
    <div class="connections-page">
      <h1>Connections</h1>
      <LiveRegion message={announcement} />
      {oauthError && <Banner kind="error" message={`Could not connect: ${oauthError}`} onDismiss={dismissBanner} />}
      {connected && !oauthError && (
        <Banner kind="success" message={`Connected${connectedLabel ? ` ${connectedLabel}` : ''}.`} onDismiss={dismissBanner} />
      )}
      {!canAdmin && <p class="note">Only workspace admins can create connections - ask an admin</p>}
      {list.error && (
        <p class="field-error" role="alert">
          Could not load the connections: {list.error}
        </p>
      )}
      {pluginsError && (
        <p class="field-error" role="alert">
          Could not load the plugins: {pluginsError}
        </p>
      )}
      <PortalsSection
        headingRef={portalsHeading}
        connections={sources}
        plugins={plugins ?? []}
        workspace={workspace.id}
        canAdmin={canAdmin}
        onChanged={list.reload}
        onDelete={setDeleting}
        announce={setAnnouncement}
      />
      <GitSection
        connections={vcs}
        sources={sources ?? []}
        plugins={plugins ?? []}
        workspace={workspace.id}
        canAdmin={canAdmin}
        onChanged={list.reload}
        onDelete={setDeleting}
        announce={setAnnouncement}
      />
      {deleting && (
        <DeleteDialog
          connection={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setAnnouncement(`Deleted ${deleting.label}`);
            setDeleting(null);
            void list.reload();
            portalsHeading.current?.focus();
          }}
        />
      )}
    </div>
  );
}
