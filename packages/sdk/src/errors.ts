// One error type for every failed API call. PlanetScale answers `{"code","message"}`, but not always:
// proxies and some endpoints send empty, `null` or non-JSON bodies, so everything here falls back to
// the HTTP status rather than trusting the body.

/** What went wrong, decided by the HTTP status (the body's `code` is kept separately, verbatim). */
export type PlanetScaleErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited'
  | 'server'
  | 'other';

const kindByStatus: Record<number, PlanetScaleErrorKind> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found',
  409: 'conflict', 422: 'unprocessable', 429: 'rate_limited',
};

// Used when the body carries no `code`/`message`; the codes match PlanetScale's where it has one.
const fallbackByStatus: Record<number, [code: string, message: string]> = {
  400: ['bad_request', 'Bad Request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not Found'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'Payload Too Large'],
  422: ['unprocessable', 'Unprocessable Entity'],
  429: ['too_many_requests', 'Too Many Requests'],
  500: ['internal_server_error', 'Internal Server Error'],
  501: ['not_implemented', 'Not Implemented'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
  504: ['gateway_timeout', 'Gateway Timeout'],
};

export function errorKindForStatus(status: number): PlanetScaleErrorKind {
  return kindByStatus[status] ?? (status >= 500 ? 'server' : 'other');
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export interface PlanetScaleErrorInit {
  status: number;
  /** The response body: parsed JSON when it was JSON, the text otherwise, undefined when empty. */
  body: unknown;
  requestId?: string;
  retryAfterMs?: number;
  url?: string;
}

export class PlanetScaleError extends Error {
  override readonly name = 'PlanetScaleError';
  readonly kind: PlanetScaleErrorKind;
  readonly status: number;
  /** PlanetScale's error code (`not_found`, `schema_mutation_blocked`...), or one derived from the status. */
  readonly code: string;
  /** The `X-Request-Id` of the response, to quote to PlanetScale support. */
  readonly requestId: string | undefined;
  /** The raw body, as received (see PlanetScaleErrorInit.body). */
  readonly body: unknown;
  /** How long the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;
  /** The address that answered, when known. */
  readonly url: string | undefined;

  constructor(init: PlanetScaleErrorInit) {
    const [fallbackCode, fallbackMessage] = fallbackByStatus[init.status] ?? [`http_${init.status}`, `HTTP ${init.status}`];
    const envelope = typeof init.body === 'object' && init.body !== null ? (init.body as Record<string, unknown>) : {};
    const message = text(envelope.message) ?? fallbackMessage;
    super(message);
    this.kind = errorKindForStatus(init.status);
    this.status = init.status;
    this.code = text(envelope.code) ?? fallbackCode;
    this.requestId = init.requestId;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
    this.url = init.url;
  }

  /** Builds the error of a failed response whose body has already been read (as openapi-fetch does). */
  static fromResponse(response: Response, body: unknown): PlanetScaleError {
    return new PlanetScaleError({
      status: response.status,
      body: body === '' ? undefined : body,
      requestId: response.headers.get('x-request-id') ?? undefined,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      url: response.url || undefined,
    });
  }
}

/** Narrows an unknown error to a PlanetScaleError, optionally of one kind. */
export function isPlanetScaleError(error: unknown, kind?: PlanetScaleErrorKind): error is PlanetScaleError {
  return error instanceof PlanetScaleError && (kind === undefined || error.kind === kind);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // HTTP dates name a weekday and month; Date.parse alone would also accept e.g. "-1" as a year.
  const at = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
