// A client's database name, rewritten to the branch's physical database. Clients name the PlanetScale
// database or a keyspace, optionally with a Vitess target suffix: `ks:-80` / `ks/-80` (a shard) and
// `@primary` / `@replica` (a tablet type; LocalScale has one MySQL per shard, so it is ignored).
import { shardNames } from '@localscale/mysql';
import { readKeyspaceVSchema } from '@localscale/vitess';
import type { BranchRoute, KeyspaceRoute } from '../types.js';
import type { RoutedKeyspace } from '../vtgate/route.js';

export interface Target {
  keyspace: string;
  shard: string;
  /** Physical MySQL database. */
  database: string;
  /** The client named the shard (`ks:-80`): statements go there as written, unrouted. */
  shardTargeted: boolean;
}

export const informationSchema = 'information_schema';

export const shardsOf = (ks: KeyspaceRoute): readonly string[] =>
  ks.shards && ks.shards.length === ks.databases.length ? ks.shards : shardNames(Math.max(1, ks.databases.length));

/** The keyspace a bare database name means: the one named like the database, else the first unsharded one. */
export function defaultKeyspace(route: BranchRoute): KeyspaceRoute | undefined {
  return route.keyspaces.find((k) => k.name === route.database)
    ?? route.keyspaces.find((k) => k.databases.length === 1)
    ?? route.keyspaces[0];
}

/** Resolves a name to a target, `information_schema` to itself, anything else to null (unknown database). */
export function resolveTarget(route: BranchRoute, name: string): Target | typeof informationSchema | null {
  if (name.toLowerCase() === informationSchema) return informationSchema;
  const m = /^([^:/@]+)(?:[:/]([^@]+))?(?:@(primary|replica|rdonly))?$/i.exec(name);
  if (!m) return null;
  const [, ksName, shard] = m as unknown as [string, string, string | undefined];
  const ks = route.keyspaces.find((k) => k.name === ksName) ?? (ksName === route.database ? defaultKeyspace(route) : undefined);
  if (!ks || ks.databases.length === 0) return null;
  const shards = shardsOf(ks);
  const index = shard === undefined ? 0 : shards.indexOf(shard);
  if (index < 0) return null;
  return { keyspace: ks.name, shard: shards[index]!, database: ks.databases[index]!, shardTargeted: shard !== undefined };
}

const unsharded = (name: string) => readKeyspaceVSchema(name, {});

const routed = new WeakMap<BranchRoute, readonly RoutedKeyspace[]>();

/** The branch's keyspaces as the router sees them (shards, physical databases, VSchema), built once per route. */
export function routedKeyspaces(route: BranchRoute): readonly RoutedKeyspace[] {
  let keyspaces = routed.get(route);
  if (!keyspaces) {
    keyspaces = route.keyspaces.map((k) => ({ name: k.name, databases: k.databases, shards: shardsOf(k), vschema: k.vschema ?? unsharded(k.name) }));
    routed.set(route, keyspaces);
  }
  return keyspaces;
}

/** Every physical database of the branch: what its upstream account may touch. */
export const branchDatabases = (route: BranchRoute): string[] => [...new Set(route.keyspaces.flatMap((k) => k.databases))].sort();
