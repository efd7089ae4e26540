// Resolving the keyspace a request names, with vtgate's error when it does not exist.
import { VitessError } from '../port/index.js';
import type { EngineContext, ShardTarget } from './context.js';

export function shardsOf(ctx: EngineContext, keyspace: string): ShardTarget[] {
  if (!ctx.keyspaces.has(keyspace)) throw new VitessError(`VT05003: unknown database '${keyspace}' in vschema`, 1049, 'not_found');
  return ctx.shards.filter((s) => s.keyspace === keyspace);
}

export function shardOf(ctx: EngineContext, keyspace: string, shard: string): ShardTarget {
  const target = ctx.shards.find((s) => s.keyspace === keyspace && s.shard === shard);
  if (!target) throw new Error(`no shard ${keyspace}/${shard}`);
  return target;
}
