// The Metadata Explorer of one connection: its types with counts, a searchable, paged list of a
// type's objects (or every type's), and the inspector of one object. The address holds all of
// it (/connections/:id/metadata[/:type[/:object]]?q=&all=1), so links, reloads and the browser's
// back and forward buttons land on the same view.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { messageOf } from '../api/errors';
import type { Connection, Plugin } from '../api/types';
import { navigate, useLocation } from '../lib/router';
import { Link } from '../components/Link';
import { LiveRegion } from '../components/LiveRegion';
import { TypeNav } from '../components/explorer/TypeNav';
import { SearchBar } from '../components/explorer/SearchBar';
import { ResultList, focusRow, rowKey } from '../components/explorer/ResultList';
import { Inspector, type View } from '../components/explorer/Inspector';
import { MetadataEmpty } from '../components/explorer/MetadataEmpty';
import { metadataApi, PAGE_SIZE, type MetadataObject, type MetadataTypes } from '../components/explorer/metadataApi';
import { explorerUrl } from '../components/explorer/urls';
import '../styles/explorer.css';

interface Props {
  connectionId: number;
  type?: string;
  objectId?: string;
}

type Page =
  | { state: 'loading' }
  | { state: 'failed'; message: string; of: string }
  | { state: 'loaded'; items: MetadataObject[]; next: string | null; of: string };

export function MetadataPage({ connectionId, type: routeType, objectId }: Props) {
  const location = useLocation();
  const q = location.search.get('q') ?? '';
  const all = location.search.get('all') === '1';
  const view: View = location.search.get('view') === 'sent' ? 'sent' : 'formatted';

  const [connection, setConnection] = useState<Connection | null>(null);
  const [plugin, setPlugin] = useState<Plugin | null>(null);
  const [types, setTypes] = useState<MetadataTypes | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    Promise.all([api.connection(connectionId), metadataApi.types(connectionId, controller.signal), api.plugins()]).then(
      ([c, t, plugins]) => {
        setConnection(c);
        setTypes(t);
        setPlugin(plugins.find((p) => p.id === c.plugin) ?? null);
      },
      (error) => !controller.signal.aborted && setLoadError(messageOf(error)),
    );
    return () => controller.abort();
  }, [connectionId]);

  // Before the first retrieval has finished, the types are asked for again every few seconds, so
  // the empty state gives way to the metadata without a reload.
  useEffect(() => {
    if (!types || types.retrieved_at !== null) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      metadataApi.types(connectionId, controller.signal).then(setTypes, () => !controller.signal.aborted && setTypes({ ...types }));
    }, 3000);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [connectionId, types]);

  // The route's type, or (on /connections/:id/metadata) the first type holding objects.
  const type = routeType ?? types?.types.find((t) => t.count > 0)?.type ?? types?.types[0]?.type ?? null;
  const labelOf = useMemo(() => {
    const labels = new Map(types?.types.map((t) => [t.type, t.label]));
    return (t: string) => labels.get(t) ?? t;
  }, [types]);
  const typeLabel = type ? labelOf(type) : '';

  // Pages by cursor: cursors[n] opens page n; the DOM holds one page (50 rows) at a time. The
  // cursors belong to one list (type or all, and q): another list starts again at its first page.
  const listKey = `${all ? '*' : type}\u0000${q}`;
  const [paging, setPaging] = useState({ key: listKey, cursors: [''] });
  const cursors = paging.key === listKey ? paging.cursors : [''];
  const setCursors = (next: string[]) => setPaging({ key: listKey, cursors: next });
  const pageIndex = cursors.length - 1;
  // The answer is shown only with the list and page it answers, never under another's range.
  const pageOf = `${listKey}\u0000${pageIndex}\u0000${cursors[pageIndex]}`;
  const [answered, setPage] = useState<Page>({ state: 'loading' });
  const page: Page = answered.state !== 'loading' && answered.of !== pageOf ? { state: 'loading' } : answered;
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [listKey, pageIndex]);
  useEffect(() => {
    if (!type && !all) return;
    const controller = new AbortController();
    setPage({ state: 'loading' });
    metadataApi.list(connectionId, { type: all ? undefined : type ?? undefined, q, cursor: cursors[pageIndex] }, controller.signal).then(
      (result) => {
        setPage({ state: 'loaded', items: result.items, next: result.next_cursor ?? null, of: pageOf });
        if (q) setAnnouncement(result.items.length ? `${result.items.length}${result.next_cursor ? '+' : ''} matches` : 'No match');
      },
      (error) => !controller.signal.aborted && setPage({ state: 'failed', message: messageOf(error), of: pageOf }),
    );
    return () => controller.abort();
  }, [connectionId, pageOf]);

  const items = page.state === 'loaded' ? page.items : [];
  const openKey = objectId !== undefined && type ? rowKey({ type, id: objectId }) : null;

  // A deep link names an object the loaded page may not hold: its name comes from a search for its id.
  const [deepName, setDeepName] = useState<string | null>(null);
  const listed = items.find((item) => openKey !== null && rowKey(item) === openKey);
  useEffect(() => {
    setDeepName(null);
    if (objectId === undefined || !type || listed) return;
    const controller = new AbortController();
    metadataApi.list(connectionId, { type, q: objectId }, controller.signal).then(
      (answer) => setDeepName(answer.items.find((item) => item.id === objectId)?.name ?? null),
      () => {},
    );
    return () => controller.abort();
  }, [connectionId, type, objectId, Boolean(listed)]);

  useEffect(() => {
    const what = objectId !== undefined ? listed?.name ?? deepName ?? objectId : typeLabel || 'Metadata';
    document.title = `${what} · ${connection?.label ?? 'Connection'} · HubSpot Deploy`;
  }, [objectId, listed, deepName, typeLabel, connection?.label]);

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
              (items.length === 0 && pageIndex === 0 ? (
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
                  <nav class="pager" aria-label="Result pages">
                    <button type="button" disabled={pageIndex === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                      Previous page
                    </button>
                    <span>
                      {pageIndex * PAGE_SIZE + 1}–{pageIndex * PAGE_SIZE + items.length}
                    </span>
                    <button type="button" disabled={!page.next} onClick={() => page.next && setCursors([...cursors, page.next])}>
                      Next page
                    </button>
                  </nav>
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
              name={listed?.name ?? deepName}
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
