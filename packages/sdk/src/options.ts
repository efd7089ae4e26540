// Connection options shared by the PlanetScale client and the LocalScale admin client: where to send
// requests, which credential to send, and how to retry. Credentials default to the environment
// variables the pscale CLI reads.
import { withRetries, type Fetch, type RetryOptions } from './retry.js';
import { version } from './version.js';

export interface ConnectionOptions {
  /** API root. */
  baseUrl?: string;
  /** Service token id and secret; default PLANETSCALE_SERVICE_TOKEN_ID / PLANETSCALE_SERVICE_TOKEN. */
  serviceTokenId?: string;
  serviceToken?: string;
  /** OAuth access token, sent as `Bearer`; wins over a service token. */
  accessToken?: string;
  /** The fetch to use; default globalThis.fetch, looked up at call time. */
  fetch?: (request: Request) => Promise<Response>;
  /** Retry policy for 429/502/503/504 and network errors, or false for none. */
  retry?: RetryOptions | false;
  /** User-Agent header; default `localscale-sdk/<version>`. */
  userAgent?: string;
}

// Reached through globalThis so that the package has no Node-only reference: `process` is absent in
// browsers, and Deno throws on reading it without --allow-env; either way there is simply no default.
export function env(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] || undefined;
  } catch {
    return undefined;
  }
}

/** PlanetScale's Authorization header: `<id>:<token>` for service tokens, `Bearer <token>` for OAuth. */
export function authorizationHeader(options: ConnectionOptions): string | undefined {
  if (options.accessToken) return `Bearer ${options.accessToken}`;
  const id = options.serviceTokenId ?? env('PLANETSCALE_SERVICE_TOKEN_ID');
  const token = options.serviceToken ?? env('PLANETSCALE_SERVICE_TOKEN');
  return id && token ? `${id}:${token}` : undefined;
}

export interface Connection {
  baseUrl: string;
  headers: Record<string, string>;
  fetch: Fetch;
}

export function connection(options: ConnectionOptions, defaultBaseUrl: string): Connection {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': options.userAgent ?? `localscale-sdk/${version}`,
  };
  const authorization = authorizationHeader(options);
  if (authorization) headers.Authorization = authorization;
  const send: Fetch = (request) => (options.fetch ?? globalThis.fetch)(request);
  return { baseUrl: (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, ''), headers, fetch: withRetries(send, options.retry) };
}
