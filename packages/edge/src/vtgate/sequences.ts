// Vitess sequences, the effects: one block per sequence table, reserved on the upstream server with
// the edge's own connection (not the client's, so a client's rollback never hands an id out twice),
// in a transaction that locks the sequence row, as vttablet does.
import type mysql from 'mysql2/promise';
import { quoteIdentifier } from '@localscale/mysql';
import { SqlError } from '../errors.js';
import { emptyBlock, reload, SequenceError, serve, type SequenceBlock } from './sequence-block.js';

export class Sequences {
  private readonly blocks = new Map<string, SequenceBlock>();
  private readonly queues = new Map<string, Promise<unknown>>();

  /** `pool`: the edge's own admin connections to the upstream server. */
  constructor(private readonly pool: mysql.Pool) {}

  /** The first of `count` consecutive ids from the sequence table `database`.`table`. */
  next(database: string, table: string, count: number): Promise<bigint> {
    const key = `${database}.${table}`;
    // One request per sequence at a time: ids are handed out in order, blocks never overlap.
    const run = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.take(key, database, table, BigInt(count)));
    this.queues.set(key, run);
    return run;
  }

  private async take(key: string, database: string, table: string, count: bigint): Promise<bigint> {
    const block = this.blocks.get(key) ?? emptyBlock;
    const served = serve(block, count);
    if (served) { this.blocks.set(key, served.block); return served.first; }
    const name = `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;
    const conn = await this.pool.getConnection();
    try {
      await conn.query('START TRANSACTION');
      const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT CAST(next_id AS CHAR) AS next_id, CAST(cache AS CHAR) AS cache FROM ${name} WHERE id = 0 FOR UPDATE`);
      if (rows.length !== 1) throw new SqlError(1105, 'HY000', `unexpected rows from reading sequence ${table} (possible mis-route): ${rows.length}`);
      const loaded = reload(block, { nextId: BigInt(rows[0]!.next_id), cache: BigInt(rows[0]!.cache) }, count, table);
      await conn.query(`UPDATE ${name} SET next_id = ? WHERE id = 0`, [loaded.newLast.toString()]);
      await conn.query('COMMIT');
      const after = serve(loaded.block, count)!;
      this.blocks.set(key, after.block);
      return after.first;
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      if (err instanceof SequenceError) throw new SqlError(1105, 'HY000', err.message);
      const e = err as { errno?: number; sqlState?: string; sqlMessage?: string };
      if (e.errno && e.sqlMessage) throw new SqlError(e.errno, e.sqlState ?? 'HY000', e.sqlMessage);
      throw err;
    } finally {
      conn.release();
    }
  }
}
