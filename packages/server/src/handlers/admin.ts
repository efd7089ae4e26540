// The LocalScale-only admin surface, shaped like the upstream Go LocalScale's: seeding, direct SQL
// for tests, and reset. Seeding with an online strategy and reset go through the Vitess engine.
import { branches, classifyDdl, databases, keyspaces, metadataChanged, organizations, applyStatements, type DatabaseRecord } from '@localscale/mysql';
import { NotFoundError, UnprocessableError } from '../http/errors.js';
import type { Handlers } from '../http/operation-types.js';
import { layoutOf, shardDatabases } from '../services/branches.js';
import type { Services } from '../services/context.js';
import { isRead, mergeResults, runQuery } from '../services/query.js';
import { resolveDatabase } from '../services/resolve.js';
import { vtgateExec } from '../services/routing.js';
import { parseVSchema } from '../services/vschema.js';
import type { TlsMaterial } from '../edge/start.js';

type AdminOps = 'admin_metadata_query' | 'admin_branch_db_query' | 'admin_vtgate_exec' | 'admin_seed_ddl' | 'admin_seed_vschema' | 'admin_reset_state' | 'admin_tls_certs';

/** Characters the upstream server refused in strategies and contexts (they would need SQL quoting). */
const unsafe = /['"\\`]/;

export interface AdminDeps {
  /** Back to the configured starting point (services/reset.ts). */
  reset(): Promise<void>;
  /** The edge's TLS material, or null when TLS is off. */
  tls(): TlsMaterial | null;
  /** Submits DDL online through the target's Vitess engine; resolves to the UUIDs. */
  submitOnline?(database: DatabaseRecord, keyspace: string, statements: string[], strategy: string, context: string): Promise<string[]>;
}

export function adminHandlers(svc: Services, deps: AdminDeps): Pick<Handlers, AdminOps> {
  /** The main branch's keyspace of a database, with its shard databases. */
  const mainKeyspace = async (org: string, db: string, keyspace: string) => {
    const database = await resolveDatabase(svc, org, db);
    const main = await branches.getBranch(svc.metadata, database.id, database.defaultBranch);
    const layout = shardDatabases(svc, await layoutOf(svc, database, main));
    const ks = layout.find((k) => k.keyspace.name === keyspace);
    if (!ks) throw new NotFoundError(`keyspace not found: ${keyspace}`);
    return { database, main, ks, layout };
  };

  return {
    // Any statement may change the metadata behind the write functions' backs: the cache forgets, after it ran.
    admin_metadata_query: async ({ body }) => ({ status: 200, body: await runQuery(svc.metadata, svc.config.metadataSchema, body.query, body.args ?? []).finally(metadataChanged) }),

    admin_branch_db_query: async ({ body }) => {
      // Upstream found the branch by name alone; org and database narrow it when given.
      const orgs = body.org ? [await organizations.getOrganization(svc.metadata, body.org)] : (await organizations.listOrganizations(svc.metadata, { page: 1, perPage: 100 })).items;
      for (const org of orgs) {
        const dbs = body.database ? [await databases.findDatabase(svc.metadata, org.id, body.database)].filter((d) => !!d) : (await databases.listDatabases(svc.metadata, org.id, { page: 1, perPage: 100 })).items;
        for (const database of dbs) {
          const branch = await branches.findBranch(svc.metadata, database!.id, body.branch);
          if (!branch) continue;
          const layout = shardDatabases(svc, await layoutOf(svc, database!, branch));
          const ks = layout.find((k) => k.keyspace.name === body.keyspace);
          if (!ks) throw new NotFoundError(`keyspace ${body.keyspace} not found on branch ${body.branch}`);
          const results = [];
          for (const shard of isRead(body.query) ? ks.shards : ks.shards.slice(0, ks.keyspace.sharded ? ks.shards.length : 1)) {
            results.push(await runQuery(svc.admin, shard.database, body.query));
          }
          return { status: 200, body: mergeResults(results) };
        }
      }
      throw new NotFoundError(`branch ${body.branch} not found`);
    },

    admin_vtgate_exec: async ({ body }) => {
      // Through the edge's vtgate router, as an application connected to the keyspace would run it.
      const { layout } = await mainKeyspace(body.org, body.database, body.keyspace);
      return { status: 200, body: await vtgateExec(svc, layout, body.keyspace, body.query, body.args ?? []) };
    },

    admin_seed_ddl: async ({ body }) => {
      const strategy = (body.strategy ?? 'direct').trim();
      if (unsafe.test(strategy)) throw new UnprocessableError('invalid strategy: contains unsafe characters');
      if (body.migration_context !== undefined && unsafe.test(body.migration_context)) throw new UnprocessableError('invalid migration_context: contains unsafe characters');
      body.statements.forEach((sql, i) => {
        try { classifyDdl(sql); } catch (err) { throw new UnprocessableError(`invalid DDL: statements[${i}]: ${(err as Error).message}`); }
      });
      const { database, ks } = await mainKeyspace(body.org, body.database, body.keyspace);
      if (strategy === '' || strategy === 'direct') {
        for (const shard of ks.shards) await applyStatements(svc.admin, shard.database, body.statements);
      } else {
        if (!deps.submitOnline) throw new UnprocessableError('online strategies need the Vitess engine, which is not running');
        await deps.submitOnline(database, body.keyspace, body.statements, strategy, body.migration_context ?? `localscale:seed:${Date.now()}`);
      }
      return { status: 200, body: { ok: true, executed: body.statements.length } };
    },

    admin_tls_certs: async () => {
      const tls = deps.tls();
      if (!tls) throw new NotFoundError('TLS not enabled (branch_tls_mode is none)');
      const client = svc.config.edge.tlsMode === 'mtls'
        ? { client_cert_path: tls.clientCertPath, client_key_path: tls.clientKeyPath, client_cert: tls.clientCert, client_key: tls.clientKey } : {};
      return { status: 200, body: { ca_cert_path: tls.caCertPath, ca_cert: tls.caCert, ...client } };
    },

    admin_reset_state: async () => {
      await deps.reset();
      return { status: 200, body: { ok: true } };
    },

    admin_seed_vschema: async ({ body }) => {
      const { ks } = await mainKeyspace(body.org, body.database, body.keyspace);
      parseVSchema(body.vschema);
      await keyspaces.setKeyspaceVSchema(svc.metadata, ks.keyspace.id, JSON.stringify(body.vschema, null, 2));
      return { status: 200, body: { ok: true } };
    },
  };
}
