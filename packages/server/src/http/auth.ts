// PlanetScale credentials: `Authorization: <SERVICE_TOKEN_ID>:<SERVICE_TOKEN>` (no scheme) or
// `Authorization: Bearer <token>`. Permissive mode (the default, as the upstream Go LocalScale does)
// accepts any well-formed credential, with every access; strict mode only the configured tokens and
// the service tokens made through the API, each with its accesses (a deleted or expired one is 401).
// A missing or malformed header is 401 in both modes. What a credential may do is decided afterwards,
// by the authorization step (authorize.ts), from the grants found here.
import { timingSafeEqual } from 'node:crypto';
import { configuredGrants, everything, type Grants } from '../access/grants.js';
import { UnauthorizedError } from './errors.js';

export type Principal =
  | { readonly kind: 'service_token'; readonly id: string; readonly grants: Grants }
  | { readonly kind: 'access_token'; readonly id: string; readonly grants: Grants }
  | { readonly kind: 'anonymous'; readonly grants: Grants };

export interface AuthConfig {
  readonly mode: 'permissive' | 'strict';
  /** Configured tokens; without `accesses` a token holds every access. */
  readonly serviceTokens: readonly { readonly id: string; readonly token: string; readonly accesses?: readonly string[] }[];
  readonly accessTokens: readonly string[];
}

/** Service tokens made through the API (strict mode looks them up). */
export interface TokenDirectory {
  /** The token with this id and secret: valid with its grants, expired, or none (unknown, deleted, wrong secret). */
  find(id: string, secret: string): Promise<{ readonly state: 'valid'; readonly grants: Grants } | { readonly state: 'expired' } | undefined>;
}

export const anonymous: Principal = { kind: 'anonymous', grants: everything };

type Credential = { kind: 'service_token'; id: string; secret: string } | { kind: 'access_token'; token: string };

const tokenPart = /^[A-Za-z0-9_\-.~+/=]{1,512}$/;

export function parseAuthorization(header: string | undefined): Credential | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const bearer = /^Bearer\s+(\S+)$/i.exec(value);
  if (bearer) return tokenPart.test(bearer[1]!) ? { kind: 'access_token', token: bearer[1]! } : undefined;
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return undefined;
  const id = value.slice(0, colon), secret = value.slice(colon + 1);
  return tokenPart.test(id) && tokenPart.test(secret) ? { kind: 'service_token', id, secret } : undefined;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Access tokens are named by a short fingerprint, never by the secret itself. */
const fingerprint = (token: string) => `oauth_${Buffer.from(token).toString('base64url').slice(-8)}`;

export async function authenticate(header: string | undefined, config: AuthConfig, directory?: TokenDirectory): Promise<Principal> {
  const credential = parseAuthorization(header);
  if (!credential) {
    throw new UnauthorizedError(header
      ? 'Unauthorized: the Authorization header must be `<SERVICE_TOKEN_ID>:<SERVICE_TOKEN>` or `Bearer <ACCESS_TOKEN>`'
      : 'Unauthorized: the Authorization header is missing');
  }
  if (credential.kind === 'service_token') {
    if (config.mode === 'permissive') return { kind: 'service_token', id: credential.id, grants: everything };
    const configured = config.serviceTokens.find((t) => same(t.id, credential.id) && same(t.token, credential.secret));
    if (configured) return { kind: 'service_token', id: credential.id, grants: configuredGrants(configured.accesses) };
    const found = await directory?.find(credential.id, credential.secret);
    if (found?.state === 'expired') throw new UnauthorizedError('Unauthorized: this service token has expired');
    if (!found) throw new UnauthorizedError('Unauthorized: unknown service token');
    return { kind: 'service_token', id: credential.id, grants: found.grants };
  }
  if (config.mode === 'strict' && !config.accessTokens.some((t) => same(t, credential.token))) {
    throw new UnauthorizedError('Unauthorized: unknown access token');
  }
  return { kind: 'access_token', id: fingerprint(credential.token), grants: everything };
}
