// Retries live in the fetch that openapi-fetch calls, so the low-level client and the resource layer
// get them alike. Only requests that are safe to repeat are retried unless the caller says otherwise:
// a POST that timed out may have been carried out.
import { parseRetryAfter } from './errors.js';
import { sleep } from './abort.js';

export type Fetch = (request: Request) => Promise<Response>;

export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  method: string;
  url: string;
  /** The status that is retried, or undefined after a network error. */
  status?: number;
  error?: unknown;
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 3; 0 turns retrying off. */
  retries?: number;
  /** First backoff step in ms; it doubles per attempt, and the wait is drawn at random below it (full jitter). Default 500. */
  minDelayMs?: number;
  /** Cap of one backoff wait. Default 10 000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` to wait for; a longer one is handed to the caller as the error. Default 60 000. */
  maxRetryAfterMs?: number;
  /** Statuses worth retrying. Default 429, 502, 503, 504. */
  statuses?: readonly number[];
  /** Methods that may be repeated. Default GET, HEAD, OPTIONS, PUT, DELETE; add POST or PATCH only when repeating them is safe. */
  methods?: readonly string[];
  /** Told about every retry before its wait, e.g. for logging. */
  onRetry?: (event: RetryEvent) => void;
}

export const defaultRetryOptions = {
  retries: 3,
  minDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  statuses: [429, 502, 503, 504],
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
} satisfies RetryOptions;

const backoff = (attempt: number, min: number, max: number) => Math.random() * Math.min(max, min * 2 ** (attempt - 1));

/** Wraps `fetch` so that retryable failures of repeatable requests are tried again. */
export function withRetries(fetch: Fetch, options: RetryOptions | false | undefined): Fetch {
  if (options === false) return fetch;
  const o = { ...defaultRetryOptions, ...options };
  const statuses = new Set(o.statuses);
  const methods = new Set(o.methods.map((m) => m.toUpperCase()));
  return async (request) => {
    if (o.retries <= 0 || !methods.has(request.method)) return fetch(request);
    for (let attempt = 1; ; attempt++) {
      const last = attempt > o.retries;
      // A body can be read once; each attempt sends a copy.
      const sent = last ? request : request.clone();
      let response: Response | undefined;
      let error: unknown;
      try {
        response = await fetch(sent);
      } catch (err) {
        if (last || request.signal?.aborted) throw err;
        error = err;
      }
      if (response && (last || !statuses.has(response.status))) return response;
      let delayMs = backoff(attempt, o.minDelayMs, o.maxDelayMs);
      if (response) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== undefined && retryAfter > o.maxRetryAfterMs) return response;
        delayMs = retryAfter ?? delayMs;
        // Free the connection; this response is not handed to anyone.
        await response.body?.cancel().catch(() => undefined);
      }
      o.onRetry?.({ attempt, delayMs, method: request.method, url: request.url, status: response?.status, error });
      await sleep(delayMs, request.signal);
    }
  };
}
