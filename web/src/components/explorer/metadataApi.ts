// The explorer's API calls. They live beside the explorer rather than in api/endpoints.ts, so
// they travel in the explorer's own chunk (the Connections page never loads them); paths and
// answers are still checked against the OpenAPI document through `call` and `getText`.
import { buildPath, call, getText } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type MetadataObject = Schemas['MetadataObject'];
export type MetadataPage = Schemas['MetadataPage'];
export type MetadataTypes = Schemas['MetadataTypes'];
export type MetadataTypeCount = Schemas['MetadataTypeCount'];
export type MetadataTypeDeclaration = Schemas['MetadataTypeDeclaration'];
export type SummaryField = Schemas['MetadataSummaryField'];

export const PAGE_SIZE = 50;

const RAW_PATH = '/api/v1/connections/{id}/metadata/{type}/{object_id}/raw' as const;

export const metadataApi = {
  types: (connection: number, signal?: AbortSignal) =>
    call('get', '/api/v1/connections/{id}/metadata/types', { params: { id: connection }, cache: 'no-cache', signal }),
  list: (connection: number, query: { type?: string; q?: string; cursor?: string }, signal?: AbortSignal) =>
    call('get', '/api/v1/connections/{id}/metadata', {
      params: { id: connection },
      query: { type: query.type || undefined, q: query.q || undefined, cursor: query.cursor || undefined, limit: PAGE_SIZE },
      signal,
    }),
};

/** Where the object's exact bytes are; `download` asks the browser to save them as a file. */
export function rawUrl(connection: number, type: string, objectId: string, download = false): string {
  return buildPath(RAW_PATH, { id: connection, type, object_id: objectId }, download ? { download: '1' } : undefined);
}

/**
 * The provider's exact bytes as text (decoded as UTF-8, the encoding JSON is sent in), never
 * through JSON.parse: the show route's `data` would come back re-encoded by the browser.
 */
export function fetchRaw(connection: number, type: string, objectId: string, signal?: AbortSignal): Promise<string> {
  return getText(RAW_PATH, { params: { id: connection, type, object_id: objectId }, cache: 'no-cache', signal });
}
