// A small typed fetch wrapper. Paths and bodies are checked against the types generated from
// engine/src/service/openapi.json (`npm run gen:api`), so a path or a field the API does not
// have fails `tsc --noEmit`, which is part of the build.
import type { paths } from './schema';
import { errorFrom } from './errors';

export type ApiPaths = paths;
type Method = 'get' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof ApiPaths, M extends Method> = ApiPaths[P] extends { [K in M]?: infer O } ? NonNullable<O> : never;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;
type Success<O> = O extends { responses: infer R }
  ? 200 extends keyof R
    ? JsonOf<R[200]>
    : 201 extends keyof R
      ? JsonOf<R[201]>
      : 202 extends keyof R
        ? JsonOf<R[202]>
        : undefined
  : never;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type PathsWith<M extends Method> = {
  [P in keyof ApiPaths]: ApiPaths[P] extends { [K in M]?: infer O } ? ([NonNullable<O>] extends [never] ? never : P) : never;
}[keyof ApiPaths];

export interface CallOptions<B> {
  /** Values for the `{name}` parts of the path. */
  params?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: B;
  /** `no-cache`: revalidate with the ETag the service sent (a 304 costs no body). */
  cache?: RequestCache;
  /** A 401 is the answer itself (the session check, sign-in), not a reason to leave the page. */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

/** The session's CSRF token, sent as X-CSRF-Token on every request that is not a GET. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** What to do on a 401 outside the sign-in pages (the app sends the person to /sign-in). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export function buildPath(path: string, params?: Record<string, string | number>, query?: CallOptions<never>['query']): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

export async function call<P extends PathsWith<M>, M extends Method>(
  method: M,
  path: P,
  options: CallOptions<BodyOf<Operation<P, M>>> = {},
): Promise<Success<Operation<P, M>>> {
  const response = await send(method, path as string, options);
  if (response.status === 204) return undefined as Success<Operation<P, M>>;
  return (await response.json()) as Success<Operation<P, M>>;
}

/** A GET whose answer is read as text as it came (a metadata object's exact bytes), not parsed. */
export async function getText<P extends PathsWith<'get'>>(path: P, options: CallOptions<never> = {}): Promise<string> {
  const response = await send('get', path as string, options);
  return response.text();
}

/** The request both share: the CSRF token, the cookie, and a failure as an ApiError (a 401 signs out). */
async function send(method: Method, path: string, options: CallOptions<unknown>): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'get') headers['X-CSRF-Token'] = csrfToken;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(buildPath(path, options.params, options.query), {
    method: method.toUpperCase(),
    headers,
    body,
    credentials: 'same-origin',
    cache: options.cache ?? 'default',
    signal: options.signal,
  });
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !options.allowUnauthenticated) onUnauthenticated?.();
    throw error;
  }
  return response;
}
