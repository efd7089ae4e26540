// Branches, their schema, lint and VSchema, and the upstream-compatible schema endpoints.
import {
  branches, classifyDdl, keyspaces, lintSchema, snapshotSchema, applyStatements, type BranchRecord, type DatabaseRecord, type KeyspaceRecord,
} from '@localscale/mysql';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors.js';
import type { Handlers, RequestInfo } from '../http/operation-types.js';
import { actorIdOf } from '../presenters/actor.js';
import { presentBranch } from '../presenters/branch.js';
import { highlightSql } from '../presenters/deploy-request.js';
import { enc, linksFor } from '../presenters/links.js';
import { envelope, pageFrom } from '../presenters/pagination.js';
import { BranchSnapshots, createBranch, deleteBranch, layoutOf, refreshBranch, shardDatabases } from '../services/branches.js';
import type { Services } from '../services/context.js';
import { resolveBranch, resolveDatabase, resolveKeyspace } from '../services/resolve.js';
import { parseVSchema } from '../services/vschema.js';

type BranchOps =
  | 'list_branches' | 'create_branch' | 'get_branch' | 'delete_branch' | 'promote_branch' | 'demote_branch'
  | 'enable_safe_migrations' | 'disable_safe_migrations' | 'get_branch_schema' | 'lint_branch_schema'
  | 'get_keyspace_vschema' | 'update_keyspace_vschema' | 'localscale_apply_branch_schema' | 'localscale_refresh_branch_schema';

export interface BranchHooks {
  /** Called after a branch's schema or VSchema changed (open deploy requests re-diff). */
  schemaChanged(database: DatabaseRecord, branch: BranchRecord): void;
}

export function branchHandlers(svc: Services, snapshots: BranchSnapshots, hooks: BranchHooks): Pick<Handlers, BranchOps> {
  const presentWith = (database: DatabaseRecord, branch: BranchRecord, layout: readonly KeyspaceRecord[], request: RequestInfo) => presentBranch(branch, {
    organization: database.organization, database: database.name, edgeAddress: svc.edgeAddress(request.hostname), keyspaces: layout,
  }, linksFor(request, svc.config.publicUrl));
  const present = async (database: DatabaseRecord, branch: BranchRecord, request: RequestInfo) =>
    presentWith(database, branch, (await keyspaces.listKeyspaces(svc.metadata, branch.id)).items, request);
  const reload = (database: DatabaseRecord, name: string) => branches.getBranch(svc.metadata, database.id, name);
  const toggle = async (params: { organization: string; database: string; branch: string }, request: RequestInfo,
    change: (database: DatabaseRecord, b: BranchRecord) => Promise<void>) => {
    const { database, branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
    await change(database, branch);
    return { status: 200 as const, body: await present(database, await reload(database, branch.name), request) };
  };

  /** The first shard of each keyspace (all shards share a schema), optionally one keyspace only. */
  const schemaDatabases = async (database: DatabaseRecord, branch: BranchRecord, keyspace?: string) => {
    const layout = shardDatabases(svc, await layoutOf(svc, database, branch));
    if (keyspace !== undefined && !layout.some((k) => k.keyspace.name === keyspace)) throw new NotFoundError(`keyspace ${keyspace} not found`);
    return layout.filter((k) => keyspace === undefined || k.keyspace.name === keyspace).map((k) => ({ keyspace: k.keyspace.name, database: k.shards[0]!.database }));
  };

  return {
    list_branches: async ({ params, query, request }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      const page = pageFrom(query);
      const { items, total } = await branches.listBranches(svc.metadata, database.id,
        { q: query.q || undefined, production: query.production, safeMigrations: query.safe_migrations, order: query.order }, page);
      const url = `${linksFor(request, svc.config.publicUrl).api}/organizations/${enc(database.organization)}/databases/${enc(database.name)}/branches`;
      // The page's keyspaces in one query rather than one per branch.
      const layouts = await keyspaces.listKeyspacesOfBranches(svc.metadata, items.map((b) => b.id));
      return { status: 200, body: envelope(items.map((b) => presentWith(database, b, layouts.get(b.id) ?? [], request)), total, page, url) };
    },
    create_branch: async ({ params, body, request }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      if (body.backup_id) throw new UnprocessableError('Restoring a branch from a backup is not supported by LocalScale');
      const branch = await createBranch(svc, snapshots, database, {
        name: body.name, parent: body.parent_branch || database.defaultBranch, region: body.region, actorId: actorIdOf(request.principal),
      });
      return { status: 201, body: await present(database, branch, request) };
    },
    get_branch: async ({ params, request }) => {
      const { database, branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      return { status: 200, body: await present(database, branch, request) };
    },
    delete_branch: async ({ params }) => {
      const { database, branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      await deleteBranch(svc, database, branch);
      return { status: 204, body: undefined };
    },
    promote_branch: async ({ params, request }) => toggle(params, request, async (_db, b) => {
      if (!b.ready) throw new ConflictError(`Branch ${b.name} is not ready yet`);
      await branches.updateBranch(svc.metadata, b.id, { production: true });
    }),
    demote_branch: async ({ params, request }) => toggle(params, request, async (db, b) => {
      if (b.name === db.defaultBranch) throw new ConflictError(`Cannot demote ${b.name}: it is the database's default branch`);
      await branches.updateBranch(svc.metadata, b.id, { production: false });
    }),
    enable_safe_migrations: async ({ params, request }) => toggle(params, request, (_db, b) => branches.updateBranch(svc.metadata, b.id, { safeMigrations: true })),
    disable_safe_migrations: async ({ params, request }) => toggle(params, request, (_db, b) => branches.updateBranch(svc.metadata, b.id, { safeMigrations: false })),

    get_branch_schema: async ({ params, query }) => {
      const { database, branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      const data = [];
      for (const { database: physical } of await schemaDatabases(database, branch, query.keyspace || undefined)) {
        const snapshot = await snapshotSchema(svc.admin, physical);
        for (const t of [...snapshot.tables, ...snapshot.views]) data.push({ name: t.name, raw: t.create, html: highlightSql(t.create) });
      }
      return { status: 200, body: { data } };
    },
    lint_branch_schema: async ({ params, query, request }) => {
      const { database, branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      const errors = [];
      for (const { keyspace, database: physical } of await schemaDatabases(database, branch)) {
        errors.push(...lintSchema(await snapshotSchema(svc.admin, physical), keyspace));
      }
      const page = pageFrom(query);
      const url = `${linksFor(request, svc.config.publicUrl).api}/organizations/${enc(database.organization)}/databases/${enc(database.name)}/branches/${enc(branch.name)}/schema/lint`;
      return { status: 200, body: envelope(errors.slice((page.page - 1) * page.perPage, page.page * page.perPage), errors.length, page, url) };
    },

    get_keyspace_vschema: async ({ params }) => {
      const { keyspace } = await resolveKeyspace(svc, params.organization, params.database, params.branch, params.keyspace);
      const raw = keyspace.vschema ?? '{}';
      return { status: 200, body: { raw, html: highlightSql(raw) } };
    },
    update_keyspace_vschema: async ({ params, body }) => {
      const { database, branch, keyspace } = await resolveKeyspace(svc, params.organization, params.database, params.branch, params.keyspace);
      if (branch.production && branch.safeMigrations) {
        throw new ConflictError(`Safe migrations is enabled on ${branch.name}: change its VSchema with a deploy request`);
      }
      parseVSchema(body.vschema);
      await keyspaces.setKeyspaceVSchema(svc.metadata, keyspace.id, body.vschema);
      hooks.schemaChanged(database, branch);
      return { status: 200, body: { raw: body.vschema, html: highlightSql(body.vschema) } };
    },

    localscale_apply_branch_schema: async ({ params, body }) => {
      const { database, branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      if (!branch.ready) throw new ConflictError(`branch ${branch.name} is not ready`);
      const layout = shardDatabases(svc, await layoutOf(svc, database, branch));
      const ddl = Object.entries(body?.ddl ?? {});
      const vschemas = Object.entries(body?.vschema ?? {});
      if (ddl.some(([, statements]) => statements.length) && branch.production && branch.safeMigrations) {
        throw new ConflictError(`Safe migrations is enabled on ${branch.name}: direct DDL is not allowed; use a deploy request`);
      }
      // Validate everything before anything runs.
      for (const [keyspace, statements] of ddl) {
        if (!layout.some((k) => k.keyspace.name === keyspace)) throw new NotFoundError(`keyspace ${keyspace} not found`);
        statements.forEach((sql, i) => {
          try { classifyDdl(sql); } catch (err) { throw new UnprocessableError(`ddl.${keyspace}[${i}] is not a DDL statement: ${(err as Error).message}`); }
        });
      }
      for (const [keyspace, vschema] of vschemas) {
        if (!layout.some((k) => k.keyspace.name === keyspace)) throw new NotFoundError(`keyspace ${keyspace} not found`);
        parseVSchema(vschema);
      }
      let total = 0;
      for (const [keyspace, statements] of ddl) {
        for (const shard of layout.find((k) => k.keyspace.name === keyspace)!.shards) await applyStatements(svc.admin, shard.database, statements);
        total += statements.length;
      }
      for (const [keyspace, vschema] of vschemas) {
        await keyspaces.setKeyspaceVSchema(svc.metadata, layout.find((k) => k.keyspace.name === keyspace)!.keyspace.id, JSON.stringify(vschema, null, 2));
      }
      if (total || vschemas.length) {
        await branches.updateBranch(svc.metadata, branch.id, { schemaLastUpdatedAt: new Date().toISOString() });
        hooks.schemaChanged(database, branch);
      }
      return { status: 200, body: { ok: true, total_ddl: total, vschema_count: vschemas.length } };
    },
    localscale_refresh_branch_schema: async ({ params }) => {
      const { database, branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      const refreshed = await refreshBranch(svc, snapshots, database, branch);
      hooks.schemaChanged(database, refreshed);
      return { status: 200, body: { name: refreshed.name, ready: refreshed.ready } };
    },
  };
}
