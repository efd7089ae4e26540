// What a test gets from startLocalScale(): where the server is, an SDK client with a credential it
// accepts, and the /admin helpers aimed at the configured organization, database and keyspace.
import { createPlanetScaleClient, type PlanetScaleClient } from '@localscale/sdk';
import { createLocalScaleAdminClient, type LocalScaleAdminClient, type localscaleComponents } from '@localscale/sdk/localscale';

type Schemas = localscaleComponents['schemas'];
export type AdminQueryResult = Schemas['AdminQueryResult'];
export type QueryArg = string | number | boolean | null;

/** Which organization, database and keyspace an admin call is about; each defaults to the first configured. */
export interface Target { org?: string; database?: string; keyspace?: string }

export interface LocalScaleAdmin {
  /** Runs DDL on the production branch (POST /admin/seed-ddl); `strategy` defaults to `direct`. */
  seedDDL(statements: string | readonly string[], target?: Target & { strategy?: string }): Promise<{ executed: number }>;
  /** Sets the production branch's VSchema of a keyspace (POST /admin/seed-vschema). */
  seedVSchema(vschema: Record<string, unknown>, target?: Target): Promise<void>;
  /** Runs SQL against the production branch through the keyspace, as an app would (POST /admin/vtgate-exec). */
  exec(query: string, args?: readonly QueryArg[], target?: Target): Promise<AdminQueryResult>;
  /** Runs SQL in one branch's keyspace database (POST /admin/branch-db-query). */
  branchQuery(branch: string, query: string, target?: Target): Promise<AdminQueryResult>;
  /** Back to a clean state: no development branches, no deploy requests (POST /admin/reset-state). */
  reset(): Promise<void>;
  /** The full LocalScale admin client of the SDK, for everything else. */
  readonly client: LocalScaleAdminClient;
}

export interface LocalScaleHandle {
  /** The server root, e.g. http://127.0.0.1:41234 (/health, /admin). */
  readonly url: string;
  /** The PlanetScale API root, e.g. http://127.0.0.1:41234/v1: pass it as baseUrl to your own client. */
  readonly apiUrl: string;
  /** host:port of the MySQL edge, or null while the edge is not running. */
  readonly edge: string | null;
  /**
   * host:port of PlanetScale's HTTP database API, for `@planetscale/database`:
   * `connect({ url: \`http://${pw.username}:${pw.plain_text}@${ls.http}\` })` (a password's
   * `http_access_host_url` says the same). Null when it is off or not known (`connectLocalScale`).
   */
  readonly http: string | null;
  /** The first configured organization, database and keyspace: the defaults of the admin helpers. */
  readonly organization: string;
  readonly database: string;
  readonly keyspace: string;
  /** A service token this server accepts. */
  readonly credentials: { readonly serviceTokenId: string; readonly serviceToken: string };
  /** The SDK's PlanetScale client, pointed at this server with `credentials`. */
  readonly client: PlanetScaleClient;
  readonly admin: LocalScaleAdmin;
  /** True when this attached to a server kept from an earlier run (`reuse`). */
  readonly reused: boolean;
  /** Stops the server (or, for a reused one, only detaches from it). Idempotent. */
  stop(): Promise<void>;
}

export interface HandleInit {
  url: string;
  edge: string | null;
  http: string | null;
  defaults: { organization: string; database: string; keyspace: string };
  credentials: { serviceTokenId: string; serviceToken: string };
  reused: boolean;
  stop(): Promise<void>;
}

export function createHandle(init: HandleInit): LocalScaleHandle {
  const { url, defaults, credentials } = init;
  const client = createPlanetScaleClient({ baseUrl: `${url}/v1`, ...credentials, organization: defaults.organization });
  const adminClient = createLocalScaleAdminClient({ baseUrl: url, ...credentials });
  const at = (t: Target = {}) => ({ org: t.org ?? defaults.organization, database: t.database ?? defaults.database, keyspace: t.keyspace ?? defaults.keyspace });
  const admin: LocalScaleAdmin = {
    client: adminClient,
    seedDDL: async (statements, target = {}) => {
      const { executed } = await adminClient.seedDdl({
        ...at(target), statements: typeof statements === 'string' ? [statements] : [...statements],
        ...(target.strategy !== undefined ? { strategy: target.strategy } : {}),
      });
      return { executed };
    },
    seedVSchema: async (vschema, target) => { await adminClient.seedVSchema({ ...at(target), vschema }); },
    exec: (query, args, target) => adminClient.vtgateExec({ ...at(target), query, ...(args ? { args: [...args] } : {}) }),
    branchQuery: (branch, query, target) => {
      const t = at(target);
      return adminClient.branchDbQuery({ branch, query, keyspace: t.keyspace, org: t.org, database: t.database });
    },
    reset: async () => { await adminClient.resetState(); },
  };
  let stopped: Promise<void> | undefined;
  return {
    url, apiUrl: `${url}/v1`, edge: init.edge, http: init.http, ...defaults, credentials, client, admin, reused: init.reused,
    stop: () => (stopped ??= init.stop()),
  };
}
