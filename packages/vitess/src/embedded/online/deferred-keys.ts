// Secondary indexes built after the row copy, not during it. Copying rows into a table whose
// secondary indexes already exist updates every index at random positions for every row; building an
// index over a full table is one sorted pass (the server's INPLACE build), several times cheaper. So
// the shadow table is created without its plain (non-unique) secondary keys, the rows are copied, and
// the keys are added back with ALGORITHM=INPLACE, LOCK=NONE before the copy is marked done: the sync
// triggers keep writing into the shadow during the build, and the cut-over sees the finished table.
//
// Only plain keys are deferred: a UNIQUE key must reject duplicates while rows arrive (the copy fails
// on them, as Vitess does), and FULLTEXT/SPATIAL keys, foreign keys and partitioned tables keep the
// ordinary path. What to add back is not stored anywhere: it is whatever the ALTER'd definition has
// that the shadow lacks, read from a TEMPORARY table built the same way as the shadow (gone with its
// connection, so a crash leaves nothing behind), which makes the build idempotent after a restart.
import { quoteIdentifier, type Connection, type Row } from '@localscale/mysql';

/** `  KEY \`name\` (...)` lines of SHOW CREATE TABLE, by key name. */
function plainKeys(createSql: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of createSql.split('\n')) {
    const m = /^\s+KEY `((?:[^`]|``)+)` (.*?),?$/.exec(line);
    if (m) keys.set(m[1]!.replace(/``/g, '`'), `KEY ${quoteIdentifier(m[1]!.replace(/``/g, '`'))} ${m[2]!}`);
  }
  return keys;
}

async function showCreate(conn: Connection, table: string): Promise<string> {
  const [rows] = await conn.query<Row[]>(`SHOW CREATE TABLE ${quoteIdentifier(table)}`);
  return String(rows[0]!['Create Table']);
}

/** Whether the table's keys may be dropped now and added back after the copy. */
function deferrable(createSql: string): boolean {
  return !/\b(FULLTEXT|SPATIAL|VECTOR) KEY\b|\bFOREIGN KEY\b|\bPARTITION BY\b/i.test(createSql);
}

/**
 * Drops the empty shadow's plain secondary keys (on the connection's database); instant on no rows.
 * Only when `intended` (what buildDeferredKeys will read them back from) builds and shows the same
 * keys: a definition a TEMPORARY table cannot take keeps its keys through the copy.
 */
export async function deferSecondaryKeys(conn: Connection, shadow: string, intended: (conn: Connection) => Promise<string>): Promise<void> {
  const create = await showCreate(conn, shadow);
  if (!deferrable(create)) return;
  const keys = plainKeys(create);
  if (keys.size === 0) return;
  let scratch: string | null = null;
  try {
    scratch = await intended(conn);
    const want = plainKeys(await showCreate(conn, scratch));
    if (want.size !== keys.size || [...want].some(([name, def]) => keys.get(name) !== def)) return;
  } catch {
    return;
  } finally {
    if (scratch !== null) await conn.query(`DROP TEMPORARY TABLE IF EXISTS ${quoteIdentifier(scratch)}`);
  }
  await conn.query(`ALTER TABLE ${quoteIdentifier(shadow)} ${[...keys.keys()].map((n) => `DROP KEY ${quoteIdentifier(n)}`).join(', ')}`);
}

/**
 * Adds to the shadow the plain keys `intended` has and the shadow lacks, in `intended`'s order (so
 * SHOW CREATE TABLE of the result is what an ALTER on a copy would give). `intended` builds the
 * wanted definition as a TEMPORARY table on the given connection and returns its name.
 */
export async function buildDeferredKeys(conn: Connection, shadow: string, intended: (conn: Connection) => Promise<string>): Promise<void> {
  // Nothing was deferred from a table deferSecondaryKeys leaves alone.
  if (!deferrable(await showCreate(conn, shadow))) return;
  const scratch = await intended(conn);
  try {
    const want = plainKeys(await showCreate(conn, scratch));
    const have = plainKeys(await showCreate(conn, shadow));
    const missing = [...want].filter(([name]) => !have.has(name)).map(([, def]) => def);
    if (missing.length === 0) return;
    // One ALTER for all of them: one pass over the rows builds every missing index.
    await conn.query(`ALTER TABLE ${quoteIdentifier(shadow)} ${missing.map((d) => `ADD ${d}`).join(', ')}, ALGORITHM=INPLACE, LOCK=NONE`);
  } finally {
    await conn.query(`DROP TEMPORARY TABLE IF EXISTS ${quoteIdentifier(scratch)}`);
  }
}
