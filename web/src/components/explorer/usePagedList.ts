// One list of the explorer (a type's objects or every type's, narrowed by q), a page at a time
// by cursor: the DOM never holds more than one page. The cursors belong to one list; another
// list (a new type or search) starts again at its first page.
import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../../api/errors';
import { metadataApi, type MetadataObject } from './metadataApi';

export type ListPage =
  | { state: 'loading' }
  | { state: 'failed'; message: string; of: string }
  | { state: 'loaded'; items: MetadataObject[]; next: string | null; of: string };

export interface PagedList {
  page: ListPage;
  /** 0 for the first page. */
  index: number;
  previous: (() => void) | null;
  next: (() => void) | null;
}

interface Query {
  /** The type listed; null with `all` (every type) or before the types are known. */
  type: string | null;
  all: boolean;
  q: string;
  /** Called with each answer to a search: what a screen reader is told. */
  onSearched?: (message: string) => void;
}

export function usePagedList(connection: number, { type, all, q, onSearched }: Query): PagedList {
  const listKey = `${all ? '*' : type}\u0000${q}`;
  const [paging, setPaging] = useState({ key: listKey, cursors: [''] });
  const cursors = paging.key === listKey ? paging.cursors : [''];
  const index = cursors.length - 1;
  // An answer is shown only under the list and page it answers, never under another's range.
  const pageOf = `${listKey}\u0000${index}\u0000${cursors[index]}`;
  const [answered, setAnswered] = useState<ListPage>({ state: 'loading' });

  useEffect(() => {
    if (!type && !all) return;
    const controller = new AbortController();
    metadataApi.list(connection, { type: all ? undefined : type ?? undefined, q, cursor: cursors[index] }, controller.signal).then(
      (result) => {
        setAnswered({ state: 'loaded', items: result.items, next: result.next_cursor ?? null, of: pageOf });
        if (q) onSearched?.(result.items.length ? `${result.items.length}${result.next_cursor ? '+' : ''} matches` : 'No match');
      },
      (error) => !controller.signal.aborted && setAnswered({ state: 'failed', message: messageOf(error), of: pageOf }),
    );
    return () => controller.abort();
  }, [connection, pageOf]);

  const page: ListPage = answered.state !== 'loading' && answered.of === pageOf ? answered : { state: 'loading' };
  const nextCursor = page.state === 'loaded' ? page.next : null;
  return {
    page,
    index,
    previous: index > 0 ? () => setPaging({ key: listKey, cursors: cursors.slice(0, -1) }) : null,
    next: nextCursor ? () => setPaging({ key: listKey, cursors: [...cursors, nextCursor] }) : null,
  };
}
