// vtgate's routing from the server's side: each keyspace's stored VSchema as the edge's router reads
// it, and SQL run through a branch's keyspaces the way an application connected to vtgate sees it
// (the edge's own router decides where a statement goes; this only runs what it decided).
import mysql from 'mysql2/promise';
import { classifyDdl, inTransaction, type KeyspaceRecord, type ResultHeader } from '@localscale/mysql';
import { readKeyspaceVSchema, type KeyspaceVSchema } from '@localscale/vitess';
import { routeStatement, Sequences, SqlError, type Route, type RoutedKeyspace } from '@localscale/edge';
import { NotFoundError, UnprocessableError } from '../http/errors.js';
import type { shardDatabases } from './branches.js';
import type { Services } from './context.js';
import { mergeResults, runQuery, statementFailure, type QueryResult } from './query.js';

/**
 * The keyspace's VSchema for routing. A stored VSchema that vtgate would not load routes nothing
 * (the keyspace reads as unsharded) and is logged, so a bad VSchema never locks a branch's passwords out.
 */
export function routingVSchema(svc: Services, k: KeyspaceRecord): KeyspaceVSchema | undefined {
  if (!k.vschema) return undefined;
  try {
    return readKeyspaceVSchema(k.name, JSON.parse(k.vschema));
  } catch (err) {
    svc.log.warn('keyspace VSchema cannot route queries', { keyspace: k.name, error: (err as Error).message });
    return undefined;
  }
}

type BranchShards = ReturnType<typeof shardDatabases>;
/** What the admin API accepts for a `?` placeholder (JSON scalars). */
export type QueryArg = string | number | boolean | null;

/** A branch's keyspaces as the router sees them; one without a (loadable) VSchema is unsharded, as in the edge. */
export const routedKeyspaces = (svc: Services, layout: BranchShards): RoutedKeyspace[] =>
  layout.map(({ keyspace, shards }) => ({
    name: keyspace.name, databases: shards.map((s) => s.database), shards: shards.map((s) => s.shard),
    vschema: routingVSchema(svc, keyspace) ?? readKeyspaceVSchema(keyspace.name, {}),
  }));

/** A statement's own failure is the caller's to fix (422), in the shape runQuery gives MySQL's errors. */
function statementError(err: unknown): unknown {
  if (err instanceof SqlError) return new UnprocessableError(`execute query: Error ${err.errno}: ${err.message}`);
  return statementFailure(err);
}

const isDdl = (sql: string) => {
  try { classifyDdl(sql); return true; } catch { return false; }
};

/**
 * Runs one statement (with `?` placeholders filled from `args`) in `keyspace` of a branch as vtgate
 * would: DML is routed by the keyspaces' VSchemas, with names rewritten to the shards' physical
 * databases; DDL goes to every shard; anything else runs on the keyspace's first shard.
 */
export async function vtgateExec(svc: Services, layout: BranchShards, keyspace: string, sql: string, args: readonly QueryArg[]): Promise<QueryResult> {
  const ks = layout.find((k) => k.keyspace.name === keyspace);
  if (!ks) throw new NotFoundError(`keyspace not found: ${keyspace}`);
  if (!sql.trim()) throw new UnprocessableError('query is empty');
  // Placeholders are filled first (mysql2 escapes each value), so the router sees the values that pin shards.
  const text = args.length ? mysql.format(sql, [...args]) : sql;
  const first = ks.shards[0]!.database;
  // The router reads bytes, one character each; names and values it copies stay byte-exact.
  const latin1 = Buffer.from(text, 'utf8').toString('latin1');
  let route: Route;
  try {
    route = routeStatement(latin1, 0, latin1.length, { keyspaces: routedKeyspaces(svc, layout), current: keyspace });
  } catch (err) {
    throw statementError(err);
  }
  // Ids from a Vitess sequence first, reserved in blocks on the server's own connections, as the edge does.
  while (route.kind === 'sequence') {
    const r = route;
    try {
      route = r.complete(await sequencesOf(svc).next(r.database, r.table, r.count));
    } catch (err) {
      throw statementError(err);
    }
  }
  const utf8 = (t: string) => Buffer.from(t, 'latin1').toString('utf8');
  switch (route.kind) {
    case 'as-is': {
      if (!isDdl(text)) return runQuery(svc.admin, first, text);
      // vtgate sends DDL (with direct DDL enabled) to every shard of the keyspace.
      const results: QueryResult[] = [];
      for (const shard of ks.shards) results.push(await runQuery(svc.admin, shard.database, text));
      return mergeResults(results);
    }
    // Routed texts name physical databases; the first shard is only the connection's default.
    case 'one': return runQuery(svc.admin, first, utf8(route.text));
    case 'each': {
      // A write across shards is one transaction, as vtgate's (single-MySQL) shards allow: all or none.
      const texts = route.texts.map(utf8);
      const affected = await inTransaction(svc.admin, async (conn) => {
        let n = 0;
        for (const t of texts) n += (await conn.query<ResultHeader>(t))[0].affectedRows;
        return n;
      }).catch((err: unknown) => { throw statementError(err); });
      return affected ? { rows_affected: affected } : {};
    }
  }
}

const sequences = new WeakMap<Services, Sequences>();
const sequencesOf = (svc: Services): Sequences => {
  let s = sequences.get(svc);
  if (!s) { s = new Sequences(svc.admin); sequences.set(svc, s); }
  return s;
};
