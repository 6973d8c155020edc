// The Comparisons page: a new comparison of two sides, the workspace's recent comparisons and
// its drift watches. Lists are polled with conditional requests as on the Connections page.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { comparisonsApi } from '../api/comparisons';
import { canAdminister, type Connection, type Plugin } from '../api/types';
import { navigate } from '../lib/router';
import { useSession } from '../lib/session';
import { usePoll } from '../lib/usePoll';
import { LiveRegion } from '../components/LiveRegion';
import { CompareForm } from '../components/comparisons/CompareForm';
import { ComparisonList } from '../components/comparisons/ComparisonList';
import { WatchesSection } from '../components/comparisons/WatchesSection';
import '../styles/comparisons.css';

export function ComparisonsPage() {
  const session = useSession();
  const workspace = session.workspace!;
  const canAdmin = canAdminister(workspace.role);
  const [announcement, setAnnouncement] = useState('');
  const [plugins, setPlugins] = useState<Plugin[]>([]);
  const connections = usePoll((signal) => api.connections(workspace.id, signal), [workspace.id], 10000);
  const comparisons = usePoll((signal) => comparisonsApi.list(workspace.id, 20, undefined, signal), [workspace.id]);
  const watches = usePoll((signal) => comparisonsApi.watches(workspace.id, signal), [workspace.id], 5000);
  const sources: Connection[] = connections.data?.filter((c) => c.kind === 'source') ?? [];

  useEffect(() => {
    document.title = 'Comparisons · HubSpot Deploy';
    api.plugins().then(setPlugins, () => setPlugins([]));
  }, []);

  return (
    <div class="comparisons-page">
      <h1>Comparisons</h1>
      <LiveRegion message={announcement} />
      <p class="page-intro">Compare two portals, a portal with an earlier snapshot of itself, or a portal with its backup in Git.</p>
      {connections.error && (
        <p class="field-error" role="alert">
          Could not load the portals: {connections.error}
        </p>
      )}
      <CompareForm workspace={workspace.id} sources={sources} plugins={plugins} onCreated={(id) => navigate(`/comparisons/${id}`)} />
      <section class="recent" aria-labelledby="recent-comparisons">
        <h2 id="recent-comparisons">Recent comparisons</h2>
        {comparisons.error && (
          <p class="field-error" role="alert">
            Could not load the comparisons: {comparisons.error}
          </p>
        )}
        <ComparisonList comparisons={comparisons.data} canAdmin={canAdmin} onChanged={comparisons.reload} announce={setAnnouncement} />
      </section>
      <WatchesSection workspace={workspace.id} watches={watches.data} error={watches.error} sources={sources} canAdmin={canAdmin}
        onChanged={() => { void watches.reload(); void comparisons.reload(); }} announce={setAnnouncement} />
    </div>
  );
}
