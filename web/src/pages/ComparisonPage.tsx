// One comparison (/comparisons/{id}): its two sides, its job followed until it ends (polled with
// conditional requests), the summary per type, the differences filtered by type and kind and
// paged by the API's `next`, and one object's diff. The filters and the opened object are in
// the address (?type=&kind=&change=), so every view is a deep link and back and forward work.
import { useEffect, useId, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { comparisonsApi, CHANGE_KINDS, type Change } from '../api/comparisons';
import { messageOf } from '../api/errors';
import { canAdminister, type Plugin } from '../api/types';
import { comparisonStatusText, comparisonUrl, filterFromSearch, isFinished, KIND_LABELS, type ChangeFilterState } from '../lib/comparisonText';
import { navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { usePoll } from '../lib/usePoll';
import { formatDate, typeName } from '../lib/format';
import { Link } from '../components/Link';
import { LiveRegion } from '../components/LiveRegion';
import { SideHeading } from '../components/comparisons/SideHeading';
import { SummaryTable } from '../components/comparisons/SummaryTable';
import { ChangeList, focusChangeRow } from '../components/comparisons/ChangeList';
import { ChangeDiff } from '../components/comparisons/ChangeDiff';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { comparisonTitle } from '../components/comparisons/ComparisonList';
import '../styles/comparisons.css';

interface Changes {
  key: string;
  items: Change[];
  next: number | null;
  error: string | null;
  loading: boolean;
}

export function ComparisonPage({ id }: { id: number }) {
  const session = useSession();
  const canAdmin = canAdminister(session.workspace?.role);
  const location = useLocation();
  const filter = filterFromSearch(location.search);
  // Followed every second until it ends; a finished comparison never changes again.
  const comparison = usePoll((signal) => comparisonsApi.show(id, signal), [id], 1000, isFinished);
  const c = comparison.data;
  const [plugins, setPlugins] = useState<Plugin[]>([]);
  const [deleting, setDeleting] = useState(false);
  const [active, setActive] = useState(0);
  const [changes, setChanges] = useState<Changes>({ key: '', items: [], next: null, error: null, loading: false });
  const listKey = `${id}|${filter.type}|${filter.kind}|${c?.status ?? ''}`;

  useEffect(() => {
    api.plugins().then(setPlugins, () => setPlugins([]));
  }, []);
  useEffect(() => {
    document.title = `${c ? comparisonTitle(c) : `Comparison ${id}`} · HubSpot Deploy`;
  }, [c?.left.label, c?.right.label, id]);

  // The first page of differences once the comparison has them, and again when a filter changes.
  useEffect(() => {
    if (c?.status !== 'completed') return;
    const controller = new AbortController();
    setChanges({ key: listKey, items: [], next: null, error: null, loading: true });
    setActive(0);
    comparisonsApi.changes(id, { type: filter.type, kind: filter.kind }, controller.signal).then(
      (page) => setChanges({ key: listKey, items: page.changes, next: page.next, error: null, loading: false }),
      (err) => !controller.signal.aborted && setChanges({ key: listKey, items: [], next: null, error: messageOf(err), loading: false }),
    );
    return () => controller.abort();
  }, [listKey]);

  const loadMore = async () => {
    if (changes.next === null) return;
    const key = changes.key;
    setChanges((now) => ({ ...now, loading: true }));
    try {
      const page = await comparisonsApi.changes(id, { type: filter.type, kind: filter.kind, after: changes.next });
      setChanges((now) => (now.key === key ? { ...now, items: [...now.items, ...page.changes], next: page.next, loading: false } : now));
    } catch (err) {
      setChanges((now) => (now.key === key ? { ...now, error: messageOf(err), loading: false } : now));
    }
  };

  const go = (next: Partial<ChangeFilterState>, replace = false) => navigate(comparisonUrl(id, { ...filter, ...next }), { replace });
  const plugin = plugins.find((p) => p.id === c?.left.plugin);
  const typeLabel = (type: string) => plugin?.metadata_types.find((t) => t.type === type)?.label ?? typeName(type);
  const closeDiff = () => {
    go({ change: null });
    const index = changes.items.findIndex((item) => item.id === filter.change);
    // Focus returns to the row the diff was opened from (after the address changes and renders).
    window.setTimeout(() => focusChangeRow(index >= 0 ? index : active), 0);
  };

  if (!c) {
    return (
      <>
        <p>
          <Link href="/comparisons">← Comparisons</Link>
        </p>
        {comparison.error ? (
          <>
            <h1>Comparison not available</h1>
            <p role="alert">{comparison.error}</p>
          </>
        ) : (
          <p role="status">Loading…</p>
        )}
      </>
    );
  }

  const types = Object.keys(c.summary ?? {}).sort();
  const progress = c.status === 'in_progress' && c.progress.total > 0 ? c.progress : null;
  return (
    <div class="comparison-page">
      <p>
        <Link href="/comparisons">← Comparisons</Link>
      </p>
      <h1>
        Comparison {c.id}: {comparisonTitle(c)}
      </h1>
      <LiveRegion message={comparisonStatusText(c)} />
      <div class="comparison-sides">
        <SideHeading name="Left" side={c.left} />
        <span class="side-arrow" aria-hidden="true">
          →
        </span>
        <SideHeading name="Right" side={c.right} />
      </div>
      <p class={`comparison-status cmp-${c.status}`} data-status={c.status}>
        {comparisonStatusText(c)}
        {c.finished_at && <span class="muted"> · {formatDate(c.finished_at, 'medium')}</span>}
        {c.types.length > 0 && <span class="muted"> · types: {c.types.map(typeLabel).join(', ')}</span>}
      </p>
      {progress && (
        <progress max={progress.total} value={progress.done} aria-label="Types compared">
          {progress.done} of {progress.total}
        </progress>
      )}
      {c.status === 'error' && c.status_code && <p class="muted">Code {c.status_code}</p>}
      {comparison.error && (
        <p class="field-error" role="alert">
          Could not refresh: {comparison.error}
        </p>
      )}
      {c.warnings.length > 0 && (
        <ul class="comparison-warnings" aria-label="Warnings">
          {c.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {canAdmin && (
        <div class="page-actions">
          <button type="button" class="small danger-outline" onClick={() => setDeleting(true)}>
            Delete comparison
          </button>
        </div>
      )}
      {c.status === 'completed' && (
        <>
          <section aria-labelledby="comparison-summary">
            <h2 id="comparison-summary">Summary</h2>
            <SummaryTable comparison={c} typeLabel={typeLabel} onType={(type) => go({ type, change: null })} />
          </section>
          <section class="differences" aria-labelledby="comparison-differences">
            <h2 id="comparison-differences">Differences</h2>
            <div class="change-filters">
              <FilterSelect label="Type" value={filter.type} onChange={(type) => go({ type, change: null }, true)}
                options={[['', 'All types'], ...types.map((t) => [t, typeLabel(t)] as [string, string])]} />
              <FilterSelect label="Kind" value={filter.kind} onChange={(kind) => go({ kind, change: null }, true)}
                options={[['', 'All kinds'], ...CHANGE_KINDS.map((k) => [k, KIND_LABELS[k]] as [string, string])]} />
            </div>
            {changes.error && (
              <p class="field-error" role="alert">
                Could not load the differences: {changes.error}
              </p>
            )}
            {changes.key === listKey && !changes.loading && changes.items.length === 0 && !changes.error && (
              <p class="empty">{c.differences === 0 ? 'The two sides are the same.' : 'No difference matches these filters.'}</p>
            )}
            {changes.items.length > 0 && (
              <ChangeList items={changes.items} active={active} onActive={setActive} openId={filter.change}
                onOpen={(change) => go({ change: change.id })} label="Differences" />
            )}
            <p class="list-foot">
              {changes.loading && <span role="status">Loading…</span>}
              {changes.next !== null && !changes.loading && (
                <button type="button" class="small" onClick={loadMore}>
                  Show more
                </button>
              )}
            </p>
          </section>
          {filter.change !== null && <ChangeDiff comparison={c} changeId={filter.change} typeLabel={typeLabel} onClose={closeDiff} />}
        </>
      )}
      {deleting && (
        <ConfirmDialog title={`Delete comparison ${c.id}?`} confirm="Delete comparison" onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await comparisonsApi.remove(c.id);
            navigate('/comparisons');
          }}>
          <p>{comparisonTitle(c)}: the comparison and its list of differences are removed.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function FilterSelect({ label, value, options, onChange }: { label: string; value: string; options: Array<[string, string]>; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div class="field compact">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
