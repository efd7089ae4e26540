// The row copy of an online ALTER: chunks of the source table, in unique-key order, each copied in
// one transaction that also records the chunk's last key (so a restarted engine resumes there).
// Sync triggers already carry concurrent writes into the shadow table, so each chunk first clears
// its key range in the shadow and then copies the range from the source under shared locks: whatever
// the triggers wrote for those rows is replaced by the rows as they are now, and writers to the range
// wait for the chunk to commit. The user throttle ratio slows the copy by sleeping between chunks.
import { qualified, quoteIdentifier, type Connection, type Pool, type ResultHeader, type Row } from '@localscale/mysql';
import { errnoOf, sleep } from '../sql.js';
import type { ColumnPair, CopyKey } from './analysis.js';
import { afterCondition, atOrBeforeCondition, encodeKey, type KeyValue } from './keys.js';
import { useCopySqlMode } from './sql-mode.js';

export interface CopyJob {
  pool: Pool;
  database: string;
  source: string;
  shadow: string;
  pairs: readonly ColumnPair[];
  key: CopyKey;
  sidecar: string;
  uuid: string;
  shard: string;
  /** The first chunk's size, and the floor the time-sized chunks may grow from (see nextChunkRows). */
  chunkRows: number;
  /** The table's row count when the copy started (bounds the chunk size). */
  tableRows: number;
  allowZeroInDate: boolean;
  resumeFrom: KeyValue | null;
  rowsCopied: number;
  signal: AbortSignal;
  /** The user throttle ratio now in force (0..1). */
  throttleRatio(): Promise<number>;
  /** After every chunk; `final` after the last one. */
  onChunk(rowsCopied: number, final: boolean): Promise<void>;
  onThrottled(ratio: number): Promise<void>;
  /**
   * After the last chunk, before the copy is marked done (deferred-keys.ts builds the secondary keys
   * here). Until it returns the copy state points at the last chunk, so a restart redoes that chunk
   * (idempotent: it replaces its range) and then this again.
   */
  finish?: () => Promise<void>;
}

const retryableErrnos = new Set([1205, 1213]); // lock wait timeout, deadlock
const fullThrottlePollMs = 100;

// Chunks are sized by time, not a fixed row count: a fixed 2,000 rows spent most of a large copy on
// per-chunk round trips (20,000-row chunks halved a 1M-row copy). Each chunk holds shared locks on its
// range until it commits, so the target bounds how long a writer to that range waits; a copy slowed by
// contention gets smaller chunks again. The ceiling keeps at least `minChunks` chunks per table (progress
// and resume points stay fine-grained; small test tables keep their configured chunking).
const chunkTargetMs = 100;
const minChunks = 50;

/** The next chunk's row count, from the last one's size and duration. */
export function nextChunkRows(rows: number, elapsedMs: number, job: Pick<CopyJob, 'chunkRows' | 'tableRows'>): number {
  const ceiling = Math.max(job.chunkRows, Math.ceil(job.tableRows / minChunks));
  const floor = Math.max(1, Math.floor(job.chunkRows / 10));
  // At most doubling per chunk: one fast chunk (cached pages, an empty range) is not a trend.
  const scaled = rows * Math.min(2, chunkTargetMs / Math.max(1, elapsedMs));
  return Math.round(Math.min(ceiling, Math.max(floor, scaled)));
}

/** Copies until done (resolves true) or aborted (resolves false); throws on a copy error. */
export async function runCopy(job: CopyJob): Promise<boolean> {
  const conn = await job.pool.getConnection();
  try {
    await useCopySqlMode(conn, job.allowZeroInDate);
    let last = job.resumeFrom;
    let rowsCopied = job.rowsCopied;
    let chunkRows = job.chunkRows;
    for (;;) {
      if (job.signal.aborted) return false;
      const ratio = await job.throttleRatio();
      if (ratio >= 1) {
        await job.onThrottled(ratio);
        await sleep(fullThrottlePollMs);
        continue;
      }
      const started = performance.now();
      const chunk = await copyChunkWithRetry(conn, job, last, chunkRows);
      chunkRows = nextChunkRows(chunkRows, performance.now() - started, job);
      rowsCopied += chunk.records;
      if (chunk.final && job.finish) {
        await job.finish();
        if (job.signal.aborted) return false;
        await conn.query(`UPDATE ${qualified(job.sidecar, 'copy_state')} SET lastpk = NULL, done = 1 WHERE migration_uuid = ? AND shard = ?`, [job.uuid, job.shard]);
      }
      last = chunk.end;
      await job.onChunk(rowsCopied, chunk.final);
      if (chunk.final) return true;
      if (ratio > 0) {
        await job.onThrottled(ratio);
        await sleep((performance.now() - started) * ratio / (1 - ratio));
      }
    }
  } finally {
    // Its sql_mode was changed for the copy; it must not go back to a pool others share.
    conn.destroy();
  }
}

async function copyChunkWithRetry(conn: Connection, job: CopyJob, last: KeyValue | null, rows: number): Promise<{ records: number; end: KeyValue | null; final: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await copyChunk(conn, job, last, rows);
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      if (!retryableErrnos.has(errnoOf(err) ?? 0) || attempt >= 20 || job.signal.aborted) throw err;
      await sleep(10 * attempt);
    }
  }
}

async function copyChunk(conn: Connection, job: CopyJob, last: KeyValue | null, rows: number): Promise<{ records: number; end: KeyValue | null; final: boolean }> {
  const q = quoteIdentifier;
  const src = qualified(job.database, job.source);
  const dst = qualified(job.database, job.shadow);
  const srcKey = job.key.source.map(q).join(', ');
  const after = last ? afterCondition(job.key.source, last) : { sql: 'TRUE', params: [] };
  const [ends] = await conn.query<Row[]>({
    sql: `SELECT ${srcKey} FROM ${src} WHERE ${after.sql} ORDER BY ${srcKey} LIMIT 1 OFFSET ${rows - 1}`, rowsAsArray: true,
  }, after.params);
  const end = (ends[0] as unknown as KeyValue | undefined) ?? null;
  const upTo = end ? atOrBeforeCondition(job.key.source, end) : { sql: 'TRUE', params: [] };
  const shadowAfter = last ? afterCondition(job.key.target, last) : { sql: 'TRUE', params: [] };
  const shadowUpTo = end ? atOrBeforeCondition(job.key.target, end) : { sql: 'TRUE', params: [] };

  await conn.query('START TRANSACTION');
  await conn.query(`DELETE FROM ${dst} WHERE ${shadowAfter.sql} AND ${shadowUpTo.sql}`, [...shadowAfter.params, ...shadowUpTo.params]);
  const [ins] = await conn.query<ResultHeader>(
    `INSERT INTO ${dst} (${job.pairs.map((p) => q(p.target)).join(', ')}) SELECT ${job.pairs.map((p) => q(p.source)).join(', ')} FROM ${src}` +
    ` WHERE ${after.sql} AND ${upTo.sql} ORDER BY ${srcKey} LOCK IN SHARE MODE`,
    [...after.params, ...upTo.params]);
  const records = Number(/Records:\s*(\d+)/.exec(ins.info ?? '')?.[1] ?? ins.affectedRows);
  await conn.query(
    `UPDATE ${qualified(job.sidecar, 'copy_state')} SET lastpk = ?, rows_copied = rows_copied + ?, done = ? WHERE migration_uuid = ? AND shard = ?`,
    // With a finish step the last chunk leaves lastpk at its start and done at 0 (runCopy sets them).
    [end ? encodeKey(end) : job.finish && last ? encodeKey(last) : null, records, end || job.finish ? 0 : 1, job.uuid, job.shard]);
  await conn.query('COMMIT');
  return { records, end, final: end === null };
}
