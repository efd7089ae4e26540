// vtgate's answers about the branch's topology: SHOW VITESS_TABLETS and SHOW VSCHEMA TABLES. LocalScale
// has one MySQL database per shard and no replicas, so every shard has exactly one tablet, a serving
// PRIMARY, in one cell; aliases are numbered in keyspace and shard order as Vitess's examples number
// them (zone1-0000000100, ...). Rows are shaped as vtgate's executor.go and planbuilder/show.go build them.
import { shardsOf } from '../session/routing.js';
import { likeToRegExp } from '../sql/where.js';
import type { BranchRoute } from '../types.js';

export const cell = 'zone1';
const firstTabletUid = 100;
const hostname = 'localhost';

/** When this edge took the primaries' terms: RFC 3339 in seconds, as vtgate prints PrimaryTermStartTime. */
const primaryTermStart = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export type TabletRow = [cell: string, keyspace: string, shard: string, type: string, state: string, alias: string, hostname: string, termStart: string];

/** One PRIMARY tablet per shard of each keyspace; vtgate's LIKE matches the hostname. */
export function tabletRows(route: BranchRoute, like: string | null): TabletRow[] {
  const rows: TabletRow[] = [];
  let uid = firstTabletUid;
  for (const ks of route.keyspaces) {
    for (const shard of shardsOf(ks)) {
      const alias = `${cell}-${String(uid++).padStart(10, '0')}`;
      rows.push([cell, ks.name, shard, 'PRIMARY', 'SERVING', alias, hostname, primaryTermStart]);
    }
  }
  if (like === null) return rows;
  const re = likeToRegExp(like);
  return rows.filter((r) => re.test(r[6]));
}

/**
 * The tables of a keyspace's VSchema, sorted as vtgate sorts them (byte order). Vitess v16 and later
 * no longer add `dual` to every keyspace, so it is not listed; an unsharded keyspace without a VSchema
 * has no tables.
 */
export function vschemaTables(route: BranchRoute, keyspace: string): string[] {
  const ks = route.keyspaces.find((k) => k.name === keyspace);
  return [...(ks?.vschema?.tables.keys() ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
