// A read-through cache of the metadata that nearly every API request reads: organizations,
// databases, branches and keyspaces (each request resolves its database, the deploy-request
// presenters read the target branch and its keyspaces), and the API's reads of deploy requests and
// review counts. Those are rewritten while deploys run, but polled far more often than that: between
// two saves every poll is served from here. The processor's own reads bypass it; its saves invalidate it.
//
// Correctness: every write to those tables in this process calls metadataChanged() once it has
// finished (the write functions of this module's siblings; callers that write inside a transaction
// call it again after the commit, because a read between the statement and the commit would still see
// the old row). A cached value is used only if no write finished since its read *started*: an entry
// remembers the generation it was read under, and any bump makes it a miss, so a read racing a write
// can never be served after that write. Reads on a connection (a transaction, which may see its own
// uncommitted writes) bypass the cache. Writers in other processes are not seen, so an entry also
// expires after `ttlMs`: their changes show within that bound.
import type { Queryable } from '../sql/pool.js';

const ttlMs = 500;
/** Distinct keys between two writes are few (one per database, branch, page shown); the cap only guards memory. */
const maxEntries = 10_000;

let generation = 0;
interface Entry { generation: number; expires: number; value: Promise<unknown> }
const byPool = new WeakMap<object, Map<string, Entry>>();

/** A metadata write (organizations, databases, branches, keyspaces, deploy requests, reviews) finished: nothing read before it is served again. */
export function metadataChanged(): void {
  generation++;
}

/** Pool connections (transactions) have `release`; pools do not. */
const isConnection = (db: Queryable) => 'release' in db;

export function cachedRead<T>(db: Queryable, key: string, load: () => Promise<T>): Promise<T> {
  if (isConnection(db)) return load();
  let entries = byPool.get(db);
  if (!entries) byPool.set(db, (entries = new Map()));
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.generation === generation && hit.expires > now) return hit.value as Promise<T>;
  if (entries.size >= maxEntries) entries.clear();
  const entry: Entry = { generation, expires: now + ttlMs, value: load().then(frozen) };
  entries.set(key, entry);
  // A failed read is not remembered.
  entry.value.catch(() => { if (entries.get(key) === entry) entries.delete(key); });
  return entry.value as Promise<T>;
}

/** Shared between requests, so frozen: a caller that changed a cached record would change it for every later reader (strict mode makes that a TypeError). */
function frozen<T>(value: T): T {
  if (value instanceof Map) for (const v of value.values()) frozen(v);
  else if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/** Runs a write and then marks the metadata changed, whether the write succeeded or not. */
export async function writing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    metadataChanged();
  }
}
