// The typed PlanetScale client: openapi-fetch over the types generated from openapi/planetscale.yaml.
// Works against https://api.planetscale.com/v1 and against LocalScale (`http://127.0.0.1:8080/v1`).
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/planetscale.js';

export const defaultBaseUrl = 'https://api.planetscale.com/v1';

export interface PlanetScaleClientOptions {
  /** API root; defaults to PlanetScale's. For LocalScale: `http://127.0.0.1:8080/v1`. */
  baseUrl?: string;
  /** Service token id and secret; default from PLANETSCALE_SERVICE_TOKEN_ID / PLANETSCALE_SERVICE_TOKEN. */
  serviceTokenId?: string;
  serviceToken?: string;
  /** OAuth access token, sent as `Bearer`. */
  accessToken?: string;
  fetch?: typeof globalThis.fetch;
  userAgent?: string;
}

export type PlanetScaleApi = Client<paths, 'application/json'>;

export interface PlanetScaleClient {
  /** The low-level client: every path, parameter and body typed from the spec. */
  readonly api: PlanetScaleApi;
  readonly baseUrl: string;
}

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/** PlanetScale's Authorization header: `<id>:<token>` for service tokens, `Bearer <token>` for OAuth. */
export function authorizationHeader(options: PlanetScaleClientOptions): string | undefined {
  if (options.accessToken) return `Bearer ${options.accessToken}`;
  const id = options.serviceTokenId ?? env('PLANETSCALE_SERVICE_TOKEN_ID');
  const token = options.serviceToken ?? env('PLANETSCALE_SERVICE_TOKEN');
  return id && token ? `${id}:${token}` : undefined;
}

export function createPlanetScaleClient(options: PlanetScaleClientOptions = {}): PlanetScaleClient {
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '');
  const headers: Record<string, string> = { Accept: 'application/json' };
  const authorization = authorizationHeader(options);
  if (authorization) headers.Authorization = authorization;
  if (options.userAgent) headers['User-Agent'] = options.userAgent;
  const api = createClient<paths, 'application/json'>({ baseUrl, headers, fetch: options.fetch });
  return { api, baseUrl };
}
