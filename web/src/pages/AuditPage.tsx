// The Audit log page (/audit): admins and owners read the workspace's log, newest first, a page
// at a time (`?before=ID` in the address, so Back returns to the newer page). For a member the
// API answers 403, and the page says who may read the log.
import { useEffect, useRef, useState } from 'preact/hooks';
import { peopleApi, type AuditRecord } from '../api/people';
import { ApiError, messageOf } from '../api/errors';
import { navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { Link } from '../components/Link';
import { AuditTable } from '../components/people/AuditTable';
import '../styles/people.css';

export const AUDIT_PAGE_SIZE = 25;

type Loaded =
  | { kind: 'loading' }
  | { kind: 'denied' }
  | { kind: 'failed'; message: string }
  | { kind: 'page'; entries: AuditRecord[]; older: boolean };

export function AuditPage() {
  const session = useSession();
  const workspace = session.workspace!;
  const location = useLocation();
  const beforeText = location.search.get('before');
  const before = beforeText && /^\d+$/.test(beforeText) ? Number(beforeText) : undefined;
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = 'Audit log · HubSpot Deploy';
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setLoaded({ kind: 'loading' });
    // One more than a page: whether an older page exists, without another request.
    peopleApi.audit(workspace.id, AUDIT_PAGE_SIZE + 1, before, controller.signal).then(
      (entries) => setLoaded({ kind: 'page', entries: entries.slice(0, AUDIT_PAGE_SIZE), older: entries.length > AUDIT_PAGE_SIZE }),
      (error) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 403) setLoaded({ kind: 'denied' });
        else setLoaded({ kind: 'failed', message: messageOf(error) });
      },
    );
    return () => controller.abort();
  }, [workspace.id, before]);

  const older = () => {
    if (loaded.kind !== 'page' || loaded.entries.length === 0) return;
    navigate(`/audit?before=${loaded.entries[loaded.entries.length - 1].id}`);
    heading.current?.focus();
  };

  return (
    <div class="people-page audit-page">
      <h1 ref={heading} tabIndex={-1}>
        Audit log
      </h1>
      <p class="page-intro">
        Who changed what in the workspace <strong>{workspace.name}</strong>, newest first.
      </p>
      {loaded.kind === 'loading' && <p role="status">Loading the audit log…</p>}
      {loaded.kind === 'denied' && (
        <p class="note" role="alert">
          Only admins and owners of this workspace can read the audit log - ask an owner if you need it.
        </p>
      )}
      {loaded.kind === 'failed' && (
        <p class="field-error" role="alert">
          Could not load the audit log: {loaded.message}
        </p>
      )}
      {loaded.kind === 'page' && loaded.entries.length === 0 && (
        <p class="empty">{before ? 'No older entries.' : 'Nothing has been recorded in this workspace yet.'}</p>
      )}
      {loaded.kind === 'page' && loaded.entries.length > 0 && (
        <section aria-label="Entries">
          <AuditTable entries={loaded.entries} />
        </section>
      )}
      {loaded.kind === 'page' && (before !== undefined || loaded.older) && (
        <nav class="audit-pager" aria-label="Audit log pages">
          {before !== undefined && <Link href="/audit">Newest entries</Link>}
          {loaded.older && (
            <button type="button" onClick={older}>
              Older
            </button>
          )}
        </nav>
      )}
    </div>
  );
}
