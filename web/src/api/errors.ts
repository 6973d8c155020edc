// The service's error body ({"error":{"code","message","details"}}) as an exception the pages
// can show: `field` says which input it belongs next to, `retryAfter` how long a throttle lasts.

export interface ErrorDetails {
  field?: string;
  reason?: string;
  retry_after?: number;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails,
    readonly retryAfter: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
  }

  /** The text a person reads: a throttle says how long to wait. */
  get display(): string {
    if (this.status === 429) {
      return `Too many attempts: try again in ${this.retryAfter ?? 60} s`;
    }
    return this.message;
  }
}

/** Builds an ApiError from a failed response, whatever its body (a proxy may answer HTML). */
export async function errorFrom(response: Response): Promise<ApiError> {
  let code = 'internal';
  let message = `The service answered ${response.status} ${response.statusText}`.trim();
  let details: ErrorDetails = {};
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: ErrorDetails } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      details = body.error.details ?? {};
    }
  } catch {
    // Not JSON: keep the status line as the message.
  }
  const header = Number(response.headers.get('Retry-After'));
  const retryAfter =
    typeof details.retry_after === 'number' ? details.retry_after : Number.isFinite(header) && header > 0 ? header : null;
  return new ApiError(response.status, code, message, details, retryAfter);
}

/** Any thrown value as a message (network failures are TypeErrors from fetch). */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.display;
  if (error instanceof TypeError) return 'The service cannot be reached: check that it is running, then try again';
  return error instanceof Error ? error.message : String(error);
}
