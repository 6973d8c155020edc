// The Metadata Explorer of one connection: its types with counts, a searchable, paged list of a
// type's objects (or every type's), and the inspector of one object. The address holds all of
// it (/connections/:id/metadata[/:type[/:object]]?q=&all=1), so links, reloads and the browser's
// back and forward buttons land on the same view.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { navigate, useLocation } from '../lib/router';
import { Link } from '../components/Link';
import { LiveRegion } from '../components/LiveRegion';
import { TypeNav } from '../components/explorer/TypeNav';
import { SearchBar } from '../components/explorer/SearchBar';
import { ResultList, focusRow, rowKey } from '../components/explorer/ResultList';
import { Inspector, type View } from '../components/explorer/Inspector';
import { MetadataEmpty } from '../components/explorer/MetadataEmpty';
import { Pager } from '../components/explorer/Pager';
import { useExplorerData } from '../components/explorer/useExplorerData';
import { usePagedList } from '../components/explorer/usePagedList';
import { useObjectName } from '../components/explorer/useObjectName';
import { explorerUrl } from '../components/explorer/urls';
import '../styles/explorer.css';

interface Props {
  connectionId: number;
  type?: string;
  objectId?: string;
}

export function MetadataPage({ connectionId, type: routeType, objectId }: Props) {
  const location = useLocation();
  const q = location.search.get('q') ?? '';
  const all = location.search.get('all') === '1';
  const view: View = location.search.get('view') === 'sent' ? 'sent' : 'formatted';

  const { connection, plugin, types, error: loadError } = useExplorerData(connectionId);
  const [announcement, setAnnouncement] = useState('');

  // The route's type, or (on /connections/:id/metadata) the first type holding objects.
  const type = routeType ?? types?.types.find((t) => t.count > 0)?.type ?? types?.types[0]?.type ?? null;
  const labelOf = useMemo(() => {
    const labels = new Map(types?.types.map((t) => [t.type, t.label]));
    return (t: string) => labels.get(t) ?? t;
  }, [types]);
  const typeLabel = type ? labelOf(type) : '';

  const list = usePagedList(connectionId, { type, all, q, onSearched: setAnnouncement });
  const { page } = list;
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [type, all, q, list.index]);

  const items = page.state === 'loaded' ? page.items : [];
  const openKey = objectId !== undefined && type ? rowKey({ type, id: objectId }) : null;
  const listed = items.find((item) => openKey !== null && rowKey(item) === openKey);
  const name = useObjectName(connectionId, type, objectId, listed);

  useEffect(() => {
    const what = objectId !== undefined ? name ?? objectId : typeLabel || 'Metadata';
    document.title = `${what} · ${connection?.label ?? 'Connection'} · HubSpot Deploy`;
  }, [objectId, name, typeLabel, connection?.label]);

  // Closing the inspector (Escape, the Back button, the browser's back) returns focus to its row.
  const lastOpen = useRef<string | null>(null);
  useEffect(() => {
    if (openKey) {
      lastOpen.current = openKey;
      document.getElementById('inspector-title')?.focus();
      return;
    }
    if (!lastOpen.current) return;
    const index = items.findIndex((item) => rowKey(item) === lastOpen.current);
    lastOpen.current = null;
    if (index >= 0) {
      setActive(index);
      window.requestAnimationFrame(() => focusRow(index));
    } else document.getElementById('metadata-search')?.focus();
  }, [openKey]);

  const listState = { q, all };
  const close = () => navigate(explorerUrl(connectionId, routeType ?? type ?? undefined, undefined, listState));
  useEffect(() => {
    if (objectId === undefined) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const declaration = plugin?.metadata_types.find((t) => t.type === type);
  const back = (
    <p class="explorer-back">
      <Link href={`/connections/${connectionId}`}>← {connection?.label ?? 'Connection'}</Link>
    </p>
  );
  if (loadError) {
    return (
      <>
        {back}
        <h1>Metadata not available</h1>
        <p role="alert">{loadError}</p>
      </>
    );
  }
  if (!types || !connection) {
    return (
      <>
        {back}
        <p role="status">Loading…</p>
      </>
    );
  }

  return (
    <div class={`explorer${objectId !== undefined ? ' inspecting' : ''}`}>
      {back}
      <h1>Metadata of {connection.label}</h1>
      <LiveRegion message={announcement} />
      {types.retrieved_at === null ? (
        <MetadataEmpty kind="not-retrieved" connectionId={connectionId} />
      ) : (
        <div class="explorer-grid">
          <TypeNav connection={connectionId} types={types.types} selected={all ? null : type} />
          <section class="explorer-list" aria-label={all ? 'All types' : typeLabel}>
            <SearchBar
              q={q}
              all={all}
              typeLabel={typeLabel}
              onChange={(next) => navigate(explorerUrl(connectionId, type ?? undefined, undefined, next), { replace: true })}
              onArrowDown={() => items.length && focusRow(Math.min(active, items.length - 1))}
            />
            {page.state === 'loading' && <p role="status">Loading…</p>}
            {page.state === 'failed' && (
              <p class="field-error" role="alert">
                {page.message}
              </p>
            )}
            {page.state === 'loaded' &&
              (items.length === 0 && list.index === 0 ? (
                <MetadataEmpty kind={q ? 'no-match' : 'empty-type'} connectionId={connectionId} q={q} typeLabel={all ? 'objects' : typeLabel} />
              ) : (
                <>
                  <ResultList
                    items={items}
                    active={Math.min(active, Math.max(0, items.length - 1))}
                    onActive={setActive}
                    openKey={openKey}
                    onOpen={(item) => navigate(explorerUrl(connectionId, item.type, item.id, listState))}
                    typeLabel={all ? labelOf : null}
                    label={q ? `${all ? 'Objects' : typeLabel} matching ${q}` : all ? 'Objects' : typeLabel}
                  />
                  <Pager list={list} shown={items.length} />
                </>
              ))}
          </section>
          {objectId !== undefined && type && (
            <Inspector
              key={openKey}
              connection={connectionId}
              type={type}
              typeLabel={typeLabel}
              objectId={objectId}
              name={name}
              summary={declaration?.summary ?? []}
              view={view}
              onView={(next) =>
                navigate(explorerUrl(connectionId, type, objectId, { ...listState, view: next === 'sent' ? 'sent' : undefined }), { replace: true })
              }
              onClose={close}
              announce={setAnnouncement}
            />
          )}
        </div>
      )}
    </div>
  );
}
