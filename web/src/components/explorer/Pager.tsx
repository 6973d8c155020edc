// Previous and next page of a list paged by cursor, with the range of rows shown.
import { PAGE_SIZE } from './metadataApi';
import type { PagedList } from './usePagedList';

export function Pager({ list, shown }: { list: PagedList; shown: number }) {
  const first = list.index * PAGE_SIZE + 1;
  return (
    <nav class="pager" aria-label="Result pages">
      <button type="button" class="small" disabled={!list.previous} onClick={() => list.previous?.()}>
        Previous page
      </button>
      <span>
        {first}–{first + shown - 1}
      </span>
      <button type="button" class="small" disabled={!list.next} onClick={() => list.next?.()}>
        Next page
      </button>
    </nav>
  );
}
