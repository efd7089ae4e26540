// PlanetScale's naming rules for the resources LocalScale stores, and the deterministic physical
// database names behind them.
import { createHash } from 'node:crypto';

export interface NameRule { readonly pattern: RegExp; readonly description: string }

export const nameRules = {
  organization: { pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, description: 'lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters' },
  database: { pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, description: 'lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters' },
  branch: { pattern: /^[a-z0-9][a-z0-9_-]{0,62}$/, description: 'lowercase letters, digits, dashes and underscores, starting with a letter or digit, at most 63 characters' },
  keyspace: { pattern: /^[a-z0-9][a-z0-9_-]{0,62}$/, description: 'lowercase letters, digits, dashes and underscores, starting with a letter or digit, at most 63 characters' },
} as const satisfies Record<string, NameRule>;

export type NamedResource = keyof typeof nameRules;

export const isValidName = (kind: NamedResource, name: unknown): boolean =>
  typeof name === 'string' && nameRules[kind].pattern.test(name);

/**
 * Vitess's shard names for an evenly split keyspace: an unsharded keyspace has the single shard `-`,
 * N shards split the keyspace-id range into N hex-bounded ranges (2 -> `-80`, `80-`).
 */
export function shardNames(count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`shard count must be a positive integer, got ${count}`);
  if (count === 1) return ['-'];
  const width = count <= 256 ? 2 : 4;
  const space = 16 ** width;
  const bound = (i: number) => Math.floor((i * space) / count).toString(16).padStart(width, '0');
  return Array.from({ length: count }, (_, i) => `${i === 0 ? '' : bound(i)}-${i === count - 1 ? '' : bound(i + 1)}`);
}

export interface PhysicalLocation {
  readonly organization: string;
  readonly database: string;
  readonly branch: string;
  readonly keyspace: string;
  /** Present for sharded keyspaces: one MySQL database per shard. */
  readonly shard?: string;
}

const maxDatabaseName = 64;

/**
 * `<prefix>_<readable slug>_<hash>`: the hash of the full location makes names collision-free even when
 * slugs are truncated or sanitised alike; the slug keeps them recognisable in `SHOW DATABASES`.
 */
export function physicalDatabaseName(prefix: string, loc: PhysicalLocation): string {
  if (!/^[a-z][a-z0-9]{0,9}$/.test(prefix)) throw new Error(`invalid physical database prefix: ${prefix}`);
  const parts = [loc.organization, loc.database, loc.branch, loc.keyspace, ...(loc.shard === undefined ? [] : [loc.shard])];
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 10);
  const slug = [loc.database, loc.branch, loc.keyspace, ...(loc.shard === undefined ? [] : [loc.shard === '-' ? '0' : loc.shard])]
    .join('_').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const room = maxDatabaseName - prefix.length - hash.length - 2;
  return `${prefix}_${slug.slice(0, room).replace(/_+$/, '')}_${hash}`;
}

/** All physical databases of one prefix start like this (for listing and reset). */
export const physicalPrefixPattern = (prefix: string) => `${prefix}\\_%`;

/**
 * The database a branch's Vitess engine keeps its own tables in (schema_migrations...). It is tied to
 * the branch's id, not only its name: a branch deleted and created again under the same name starts
 * with an empty migration history, and nothing left of the old one can touch it.
 */
export const sidecarDatabaseName = (prefix: string, organization: string, database: string, branch: string, branchId: string) =>
  physicalDatabaseName(prefix, { organization, database, branch, keyspace: '_vt', shard: branchId });
