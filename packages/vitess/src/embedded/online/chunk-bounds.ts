// Where each copy chunk ends. Two ways, by the copy key:
//
// - By row count (any key): the chunk's last key is read first, `LIMIT 1 OFFSET rows-1` past the last
//   one, which reads the chunk's rows once more before they are copied.
// - By key value (a single integer key, the common AUTO_INCREMENT id): the chunk is `(last, last+span]`,
//   with the span from the key density seen so far, so nothing is read to find the end. The table's
//   MIN and MAX are read once; the chunk that reaches the MAX copies everything after it (rows added
//   since are in the shadow through the triggers already; the last chunk replaces them with the
//   rows as they are now). Keys are not always dense: when a span holds far more rows than expected
//   (a dense run after a sparse one), the INSERT's LIMIT stops at twice the wanted rows and the chunk
//   ends at the last row it copied.
import { quoteIdentifier, type Connection, type Row } from '@localscale/mysql';
import type { KeyValue } from './keys.js';

export interface ChunkBounds {
  /** The chunk after `last`: its last key (null: to the end of the table) and the most rows it may copy (null: no cap). */
  next(conn: Connection, last: KeyValue | null, rows: number): Promise<{ upTo: KeyValue | null; limit: number | null }>;
  /** What the chunk after `last` copied: `records` rows, up to `end` (null: the table's end). */
  copied(last: KeyValue | null, end: KeyValue | null, records: number): void;
}

/** By row count: reads the chunk's last key. */
export function boundsByRows(source: string, key: readonly string[], after: (last: KeyValue) => { sql: string; params: unknown[] }): ChunkBounds {
  const cols = key.map(quoteIdentifier).join(', ');
  return {
    async next(conn, last, rows) {
      const cond = last ? after(last) : { sql: 'TRUE', params: [] };
      const [ends] = await conn.query<Row[]>({ sql: `SELECT ${cols} FROM ${source} WHERE ${cond.sql} ORDER BY ${cols} LIMIT 1 OFFSET ${rows - 1}`, rowsAsArray: true }, cond.params);
      return { upTo: (ends[0] as unknown as KeyValue | undefined) ?? null, limit: null };
    },
    copied() { /* nothing to learn */ },
  };
}

/** An integer key value as the driver returns it (number, or string past 2^53) or as a copy state holds it. */
const toBigInt = (v: unknown): bigint => BigInt(String(v));

/** By key value, for a single integer key column. */
export function boundsByValue(source: string, column: string): ChunkBounds {
  let range: { min: bigint; max: bigint } | null | undefined;
  // Key values per row in the last chunk (1 for a dense key).
  let keysPerRow = 1;
  return {
    async next(conn, last, rows) {
      if (range === undefined) {
        const [r] = await conn.query<Row[]>(`SELECT MIN(${quoteIdentifier(column)}) AS lo, MAX(${quoteIdentifier(column)}) AS hi FROM ${source}`);
        range = r[0]?.lo === null || r[0]?.lo === undefined ? null : { min: toBigInt(r[0].lo), max: toBigInt(r[0].hi) };
      }
      const limit = 2 * rows;
      if (range === null) return { upTo: null, limit };
      const from = last ? toBigInt(last[0]) : range.min - 1n;
      const upTo = from + BigInt(Math.max(1, Math.ceil(rows * keysPerRow)));
      return { upTo: upTo >= range.max ? null : [upTo], limit };
    },
    copied(last, end, records) {
      if (!range || !end) return;
      const covered = Number(toBigInt(end[0]) - (last ? toBigInt(last[0]) : range.min - 1n));
      keysPerRow = records > 0 ? Math.max(1, covered / records) : keysPerRow * 2;
    },
  };
}
