// PlanetScale credentials: `Authorization: <SERVICE_TOKEN_ID>:<SERVICE_TOKEN>` (no scheme) or
// `Authorization: Bearer <token>`. Permissive mode (the default, as the upstream Go LocalScale does)
// accepts any well-formed credential; strict mode only the configured ones. A missing or malformed
// header is 401 in both modes.
import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from './errors.js';

export type Principal =
  | { readonly kind: 'service_token'; readonly id: string }
  | { readonly kind: 'access_token'; readonly id: string }
  | { readonly kind: 'anonymous' };

export interface AuthConfig {
  readonly mode: 'permissive' | 'strict';
  readonly serviceTokens: readonly { readonly id: string; readonly token: string }[];
  readonly accessTokens: readonly string[];
}

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

export function authenticate(header: string | undefined, config: AuthConfig): Principal {
  const credential = parseAuthorization(header);
  if (!credential) {
    throw new UnauthorizedError(header
      ? 'Unauthorized: the Authorization header must be `<SERVICE_TOKEN_ID>:<SERVICE_TOKEN>` or `Bearer <ACCESS_TOKEN>`'
      : 'Unauthorized: the Authorization header is missing');
  }
  if (credential.kind === 'service_token') {
    if (config.mode === 'strict' && !config.serviceTokens.some((t) => same(t.id, credential.id) && same(t.token, credential.secret))) {
      throw new UnauthorizedError('Unauthorized: unknown service token');
    }
    return { kind: 'service_token', id: credential.id };
  }
  if (config.mode === 'strict' && !config.accessTokens.some((t) => same(t, credential.token))) {
    throw new UnauthorizedError('Unauthorized: unknown access token');
  }
  return { kind: 'access_token', id: fingerprint(credential.token) };
}
