// The explorer's addresses: the state that a deep link, a reload and back/forward must restore.
export interface ListState {
  /** The search text (`?q=`). */
  q: string;
  /** Search every type (`?all=1`) rather than the route's type. */
  all: boolean;
  /** The inspector's JSON view when it is not the default: `?view=sent`. */
  view?: 'sent';
}

export function explorerUrl(connection: number, type?: string, objectId?: string, state: Partial<ListState> = {}): string {
  let path = `/connections/${connection}/metadata`;
  if (type !== undefined) path += `/${encodeURIComponent(type)}`;
  if (type !== undefined && objectId !== undefined) path += `/${encodeURIComponent(objectId)}`;
  const search = new URLSearchParams();
  if (state.q) search.set('q', state.q);
  if (state.all) search.set('all', '1');
  if (state.view) search.set('view', state.view);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
