// A client that keeps writing to a table straight through faults (LocalScale killed, MySQL stopped,
// tables swapped under it) and knows exactly what the table must contain afterwards.
//
// Every statement is idempotent, so one whose outcome is unknown (the connection died around it) is
// simply sent again: inserts use ids the writer picks (a duplicate key after an unknown outcome means
// the first attempt landed), updates set absolute values, deletes are by key. Each worker owns the ids
// congruent to its index, so its model of those rows is the truth. Errors that are not about
// connections or lock conflicts are recorded and fail the test.
import { createHash } from 'node:crypto';
import { createPool, quoteIdentifier, type Pool, type Row } from '@localscale/mysql';

export interface RowValue { v: string; n: number }
export type TableModel = Map<number, RowValue>;

export interface WriterStats { inserts: number; updates: number; deletes: number; retries: number; unknownOutcomes: number }

export interface Writer {
  readonly errors: string[];
  stats(): WriterStats;
  /** Successful statements so far. */
  ops(): number;
  /** Resolves once `count` more statements have succeeded (the writer is making progress). */
  progressed(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<TableModel>;
}

export interface WriterOptions { workers?: number; firstId?: number; pauseMs?: number }

const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'POOL_CLOSED']);
/** Deadlock, lock wait timeout, query interrupted (a server shutting down kills running statements). */
const retryErrnos = new Set([1213, 1205, 1317, 1927, 2013, 2006]);

const isConnectionError = (err: unknown) => {
  const e = err as { code?: string; fatal?: boolean };
  return e.fatal === true || (e.code !== undefined && connectionCodes.has(e.code));
};

export function startWriter(url: string, database: string, table: string, seed: TableModel, options: WriterOptions = {}): Writer {
  const workers = options.workers ?? 4;
  const pauseMs = options.pauseMs ?? 2;
  const pool: Pool = createPool(url, { connectionLimit: workers });
  pool.pool.on('error', () => undefined);
  const model: TableModel = new Map([...seed].map(([id, r]) => [id, { ...r }]));
  const errors: string[] = [];
  const stats: WriterStats = { inserts: 0, updates: 0, deletes: 0, retries: 0, unknownOutcomes: 0 };
  let stopped = false;
  const waiters: { at: number; resolve: () => void }[] = [];
  const ops = () => stats.inserts + stats.updates + stats.deletes;
  const qt = `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;

  const succeeded = (kind: 'inserts' | 'updates' | 'deletes') => {
    stats[kind]++;
    for (const w of waiters.splice(0)) { if (ops() >= w.at) w.resolve(); else waiters.push(w); }
  };

  /** Runs an idempotent statement until it has certainly happened; false if it failed for a reason of its own. */
  const run = async (sql: string, params: unknown[], duplicateMeansDone = false): Promise<boolean> => {
    let unknown = false;
    for (let attempt = 1; ; attempt++) {
      try {
        await pool.query(sql, params);
        return true;
      } catch (err) {
        const e = err as { errno?: number; code?: string; message?: string };
        if (duplicateMeansDone && unknown && e.errno === 1062) return true;
        const connection = isConnectionError(err);
        if (connection) { unknown = true; stats.unknownOutcomes++; }
        // Retried even while stopping: stop() waits until every statement's outcome is known.
        if ((connection || retryErrnos.has(e.errno ?? 0)) && attempt < 10_000) {
          stats.retries++;
          await new Promise((r) => setTimeout(r, connection ? 100 : 5));
          continue;
        }
        errors.push(`${sql} ${JSON.stringify(params)}: ${e.code ?? ''} ${e.message ?? String(err)}`);
        return false;
      }
    }
  };

  const worker = async (w: number) => {
    let nextId = (options.firstId ?? 1_000_000) + w;
    let seq = 0;
    // This worker's live ids, for O(1) picks and removals.
    const ids = [...model.keys()].filter((id) => id % workers === w);
    const remove = (i: number) => { ids[i] = ids[ids.length - 1]!; ids.pop(); };
    while (!stopped) {
      seq++;
      const at = ids.length ? (seq * 7919 + w) % ids.length : -1;
      const pick = at >= 0 ? ids[at]! : undefined;
      const roll = (seq * 31 + w * 17) % 10;
      if (roll < 5 || pick === undefined) {
        const id = nextId;
        nextId += workers;
        const row = { v: `i${w}-${seq}`, n: 0 };
        if (await run(`INSERT INTO ${qt} (id, v, n) VALUES (?, ?, ?)`, [id, row.v, row.n], true)) { model.set(id, row); ids.push(id); succeeded('inserts'); }
      } else if (roll < 8) {
        const next = { v: `u${w}-${seq}`, n: model.get(pick)!.n + 1 };
        if (await run(`UPDATE ${qt} SET v = ?, n = ? WHERE id = ?`, [next.v, next.n, pick])) { model.set(pick, next); succeeded('updates'); }
      } else if (await run(`DELETE FROM ${qt} WHERE id = ?`, [pick])) {
        model.delete(pick);
        remove(at);
        succeeded('deletes');
      }
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
  };

  const running = Array.from({ length: workers }, (_, w) => worker(w));
  return {
    errors,
    stats: () => ({ ...stats }),
    ops,
    progressed(count, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the writer made no progress for ${timeoutMs} ms (${ops()} statements so far; errors: ${errors.slice(0, 3).join('; ')})`)), timeoutMs);
        waiters.push({ at: ops() + count, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
    async stop() {
      stopped = true;
      await Promise.all(running);
      await pool.end();
      return model;
    },
  };
}

/** Rows with ids 1..count, the table a writer starts from. */
export function seedModel(count: number): TableModel {
  return new Map(Array.from({ length: count }, (_, i) => [i + 1, { v: `s${i + 1}`, n: 0 }]));
}

export async function insertSeed(pool: Pool, database: string, table: string, model: TableModel): Promise<void> {
  const rows = [...model];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await pool.query(`INSERT INTO ${quoteIdentifier(database)}.${quoteIdentifier(table)} (id, v, n) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
      chunk.flatMap(([id, r]) => [id, r.v, r.n]));
  }
}

export interface TableCheck { rows: number; expected: number; missing: number[]; extra: number[]; changed: number[]; checksum: string; expectedChecksum: string }

const digest = (rows: Iterable<[number, RowValue]>) => {
  const h = createHash('sha256');
  for (const [id, r] of [...rows].sort((a, b) => a[0] - b[0])) h.update(`${id}|${r.v}|${r.n}\n`);
  return h.digest('hex').slice(0, 16);
};

/** Compares a table with the model, row by row, and by a checksum over both. */
export async function checkTable(pool: Pool, database: string, table: string, model: TableModel): Promise<TableCheck> {
  const [rows] = await pool.query<Row[]>(`SELECT id, v, n FROM ${quoteIdentifier(database)}.${quoteIdentifier(table)} ORDER BY id`);
  const actual = new Map<number, RowValue>(rows.map((r) => [Number(r.id), { v: String(r.v), n: Number(r.n) }]));
  const missing = [...model.keys()].filter((id) => !actual.has(id));
  const extra = [...actual.keys()].filter((id) => !model.has(id));
  const changed = [...model].filter(([id, r]) => actual.has(id) && (actual.get(id)!.v !== r.v || actual.get(id)!.n !== r.n)).map(([id]) => id);
  return { rows: rows.length, expected: model.size, missing, extra, changed, checksum: digest(actual), expectedChecksum: digest(model) };
}
