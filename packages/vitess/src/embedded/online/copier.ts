// The row copy of an online ALTER: chunks of the source table, in unique-key order, each copied in
// one transaction. Sync triggers already carry concurrent writes into the shadow table, so each chunk
// first clears its key range in the shadow and then copies the range from the source under shared
// locks: whatever the triggers wrote for those rows is replaced by the rows as they are now, and
// writers to the range wait for the chunk to commit. A few times a second a chunk also records its
// last key in its own transaction, so a restarted engine resumes there (redoing the chunks after it is
// harmless: each replaces its range). The user throttle ratio slows the copy by sleeping between chunks.
//
// Round trips are what a chunk costs beyond its rows, and on a busy machine each one also waits for a
// CPU: the copy session runs with autocommit off (no START TRANSACTION), writes its position with the
// progress, not per chunk, and over an integer key needs no read to find a chunk's end
// (chunk-bounds.ts), so a chunk is a DELETE, an INSERT ... SELECT and a COMMIT.
import { qualified, quoteIdentifier, type Connection, type Pool, type ResultHeader, type Row } from '@localscale/mysql';
import { errnoOf, sleep } from '../sql.js';
import type { ColumnPair, CopyKey } from './analysis.js';
import { boundsByRows, boundsByValue, type ChunkBounds } from './chunk-bounds.js';
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
  /** When the copy has recorded its position (every `progressEveryMs`), and after the last chunk (`final`). */
  onProgress(rowsCopied: number, final: boolean): Promise<void>;
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
/** How often the copy records its position and reports progress. */
export const progressEveryMs = 250;

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
  // Progress is written beside the copy, not in its way: the next chunk starts while the last report
  // is sent (on other connections), and a report waits for the one before it. A report's failure (a
  // sync error) stops the copy at the next report or at the end.
  let reporting: Promise<void> = Promise.resolve();
  const report = async (rowsCopied: number, final: boolean) => {
    await reporting;
    reporting = job.onProgress(rowsCopied, final);
    reporting.catch(() => undefined);
  };
  const conn = await job.pool.getConnection();
  try {
    await useCopySqlMode(conn, job.allowZeroInDate);
    // Each chunk's first statement opens its transaction; its COMMIT ends it.
    await conn.query('SET SESSION autocommit = 0');
    const src = qualified(job.database, job.source);
    const bounds = job.key.integer ? boundsByValue(src, job.key.source[0]!) : boundsByRows(src, job.key.source, (k) => afterCondition(job.key.source, k));
    let last = job.resumeFrom;
    let rowsCopied = job.rowsCopied;
    let chunkRows = job.chunkRows;
    let recordedAt = performance.now();
    for (;;) {
      if (job.signal.aborted) return false;
      const ratio = await job.throttleRatio();
      if (ratio >= 1) {
        await job.onThrottled(ratio);
        await sleep(fullThrottlePollMs);
        continue;
      }
      const started = performance.now();
      const record = started - recordedAt >= progressEveryMs;
      const chunk = await copyChunkWithRetry(conn, job, bounds, { last, rows: chunkRows, rowsCopied, record });
      chunkRows = nextChunkRows(chunkRows, performance.now() - started, job);
      rowsCopied += chunk.records;
      last = chunk.end;
      if (chunk.final) {
        if (job.finish) {
          await job.finish();
          if (job.signal.aborted) return false;
          await conn.query(`UPDATE ${qualified(job.sidecar, 'copy_state')} SET lastpk = NULL, rows_copied = ?, done = 1 WHERE migration_uuid = ? AND shard = ?`, [rowsCopied, job.uuid, job.shard]);
          await conn.query('COMMIT');
        }
        await report(rowsCopied, true);
        await reporting;
        return true;
      }
      if (record) {
        recordedAt = performance.now();
        await report(rowsCopied, false);
      }
      if (ratio > 0) {
        await job.onThrottled(ratio);
        await sleep((performance.now() - started) * ratio / (1 - ratio));
      }
    }
  } finally {
    // Its sql_mode and autocommit were changed for the copy; it must not go back to a pool others share.
    conn.destroy();
    // Nothing of this copy may still be writing once it has returned.
    await reporting.catch(() => undefined);
  }
}

interface ChunkRequest {
  /** The last key copied (exclusive lower bound), or null from the start. */
  last: KeyValue | null;
  rows: number;
  /** Rows copied before this chunk (what the recorded position counts). */
  rowsCopied: number;
  /** Whether this chunk records its position (always for the last one). */
  record: boolean;
}

interface ChunkResult { records: number; end: KeyValue | null; final: boolean }

async function copyChunkWithRetry(conn: Connection, job: CopyJob, bounds: ChunkBounds, request: ChunkRequest): Promise<ChunkResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await copyChunk(conn, job, bounds, request);
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      if (!retryableErrnos.has(errnoOf(err) ?? 0) || attempt >= 20 || job.signal.aborted) throw err;
      await sleep(10 * attempt);
    }
  }
}

async function copyChunk(conn: Connection, job: CopyJob, bounds: ChunkBounds, { last, rows, rowsCopied, record }: ChunkRequest): Promise<ChunkResult> {
  const q = quoteIdentifier;
  const src = qualified(job.database, job.source);
  const dst = qualified(job.database, job.shadow);
  const srcKey = job.key.source.map(q).join(', ');
  const { upTo, limit } = await bounds.next(conn, last, rows);
  const range = (columns: readonly string[]) => {
    const after = last ? afterCondition(columns, last) : { sql: 'TRUE', params: [] };
    const atOrBefore = upTo ? atOrBeforeCondition(columns, upTo) : { sql: 'TRUE', params: [] };
    return { sql: `${after.sql} AND ${atOrBefore.sql}`, params: [...after.params, ...atOrBefore.params] };
  };
  const inSource = range(job.key.source);
  const inShadow = range(job.key.target);

  await conn.query(`DELETE FROM ${dst} WHERE ${inShadow.sql}`, inShadow.params);
  const [ins] = await conn.query<ResultHeader>(
    `INSERT INTO ${dst} (${job.pairs.map((p) => q(p.target)).join(', ')}) SELECT ${job.pairs.map((p) => q(p.source)).join(', ')} FROM ${src}` +
    ` WHERE ${inSource.sql} ORDER BY ${srcKey}${limit === null ? '' : ` LIMIT ${limit}`} LOCK IN SHARE MODE`,
    inSource.params);
  const records = Number(/Records:\s*(\d+)/.exec(ins.info ?? '')?.[1] ?? ins.affectedRows);
  let end = upTo;
  if (limit !== null && records >= limit) {
    // Stopped by the cap: the chunk ends at the last row it copied. The range's other shadow rows were
    // cleared above; the next chunk, starting here, copies them again.
    const tgtKey = job.key.target.map(q).join(', ');
    const [lastRow] = await conn.query<Row[]>({ sql: `SELECT ${tgtKey} FROM ${dst} WHERE ${inShadow.sql} ORDER BY ${job.key.target.map((c) => `${q(c)} DESC`).join(', ')} LIMIT 1`, rowsAsArray: true }, inShadow.params);
    end = lastRow[0] as unknown as KeyValue;
  }
  const final = end === null;
  if (record || final) {
    // lastpk and rows_copied describe the same point. With a finish step the last chunk leaves them at
    // its start and done at 0 (runCopy marks the copy done after the finish).
    const [at, count] = final && job.finish ? [last, rowsCopied] : [end, rowsCopied + records];
    await conn.query(
      `UPDATE ${qualified(job.sidecar, 'copy_state')} SET lastpk = ?, rows_copied = ?, done = ? WHERE migration_uuid = ? AND shard = ?`,
      [at ? encodeKey(at) : null, count, final && !job.finish ? 1 : 0, job.uuid, job.shard]);
  }
  await conn.query('COMMIT');
  bounds.copied(last, end, records);
  return { records, end, final };
}
