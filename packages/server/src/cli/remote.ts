// The client side of the CLI: an SDK client for the address in --url (LocalScale or PlanetScale
// itself), with the pscale CLI's credentials, and the organization to work in.
import { createPlanetScaleClient, isPlanetScaleError, type PlanetScaleClient } from '@localscale/sdk';
import { createLocalScaleAdminClient, type LocalScaleAdminClient } from '@localscale/sdk/localscale';
import { UsageError } from './flags.js';

export const defaultUrl = 'http://127.0.0.1:8080';

/** The flags every client command takes. */
export const connectionFlags = { url: { type: 'string' }, org: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export interface Remote {
  /** The server root, without /v1. */
  url: string;
  client: PlanetScaleClient;
  admin: LocalScaleAdminClient;
}

/** The address did not answer at all (nothing listening, wrong host, TLS failure). */
export class UnreachableError extends Error {
  constructor(readonly url: string, cause: unknown) {
    const reason = (cause as { cause?: { code?: string; message?: string } }).cause;
    super(`cannot reach ${url}: ${reason?.code ?? reason?.message ?? (cause as Error).message} (is LocalScale running there? \`localscale serve\` starts it)`, { cause });
    this.name = 'UnreachableError';
  }
}

// Accepted by LocalScale's permissive mode, which checks only that a credential is well formed.
const placeholder = { serviceTokenId: 'localscale-cli', serviceToken: 'localscale-cli' };

export function connect(flags: { url?: string }, env: NodeJS.ProcessEnv = process.env): Remote {
  const raw = flags.url ?? (env.LOCALSCALE_URL || defaultUrl);
  if (!/^https?:\/\//.test(raw) || !URL.canParse(raw)) throw new UsageError(`--url: not an http(s) URL: ${JSON.stringify(raw)}`);
  const url = raw.replace(/\/+$/, '').replace(/\/v1$/, '');
  const credentials = env.PLANETSCALE_SERVICE_TOKEN_ID && env.PLANETSCALE_SERVICE_TOKEN
    ? { serviceTokenId: env.PLANETSCALE_SERVICE_TOKEN_ID, serviceToken: env.PLANETSCALE_SERVICE_TOKEN }
    : placeholder;
  // One retry is enough for a local server; waiting out three backoffs only delays "cannot reach".
  const retry = { retries: 1, minDelayMs: 200 };
  const fetch = (request: Request) => globalThis.fetch(request).catch((err: unknown) => {
    throw request.signal.aborted ? err : new UnreachableError(url, err);
  });
  return {
    url,
    client: createPlanetScaleClient({ baseUrl: `${url}/v1`, ...credentials, retry, fetch }),
    admin: createLocalScaleAdminClient({ baseUrl: url, ...credentials, retry, fetch }),
  };
}

/** --org, else PLANETSCALE_ORG, else the only organization the credential can see. */
export async function organizationOf(remote: Remote, flags: { org?: string }, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const chosen = flags.org ?? (env.PLANETSCALE_ORG || undefined);
  if (chosen) return chosen;
  const orgs = (await remote.client.organizations.list({ per_page: 100 })).data.map((o) => o.name);
  if (orgs.length === 1) return orgs[0]!;
  throw new UsageError(orgs.length === 0 ? 'this credential sees no organization' : `several organizations (${orgs.join(', ')}); choose one with --org`);
}

/** A one-line explanation of an API error answer, for the CLI's error output. */
export function describeRemoteError(err: unknown): string | undefined {
  if (!isPlanetScaleError(err)) return undefined;
  const hint = err.status === 401 ? ' (set PLANETSCALE_SERVICE_TOKEN_ID and PLANETSCALE_SERVICE_TOKEN)' : '';
  return `${err.status} ${err.code}: ${err.message}${hint}`;
}
