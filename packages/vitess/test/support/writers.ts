// Concurrent writers with an exact model of what they wrote: each worker owns the ids congruent to
// its index, so its own statements on a row are ordered and its model of those rows is the truth.
// Lock conflicts (deadlock, lock wait timeout) roll the statement back, so it is retried as an
// application would; any other error is recorded and fails the test.
import { quoteIdentifier, type Pool } from '@localscale/mysql';

export interface ModelRow { id: number; k: number; payload: string }

export interface WriterLoad {
  /** Statements that succeeded. */
  ops(): number;
  errors: string[];
  /** Waits until every worker is between statements, and keeps them there. */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
  model(): ModelRow[];
}

export function startWriters(pool: Pool, database: string, table: string, seed: readonly ModelRow[], workers = 4, firstNewId = 1_000_000): WriterLoad {
  const rows = new Map(seed.map((r) => [r.id, { ...r }]));
  const errors: string[] = [];
  let ops = 0;
  let stopped = false;
  let paused: Promise<void> | null = null;
  let release: () => void = () => undefined;
  const idle = new Set<number>();
  const qt = `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;

  const run = async (sql: string, params: unknown[]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await pool.query(sql, params);
        ops++;
        return true;
      } catch (err) {
        const errno = (err as { errno?: number }).errno;
        if ((errno === 1213 || errno === 1205) && attempt < 50) continue;
        errors.push(`${sql}: ${(err as Error).message}`);
        return false;
      }
    }
  };

  const worker = async (w: number) => {
    let nextId = firstNewId + w;
    let seq = 0;
    while (!stopped) {
      if (paused) {
        idle.add(w);
        await paused;
        idle.delete(w);
        continue;
      }
      const mine = [...rows.keys()].filter((id) => id % workers === w % workers);
      const pick = mine[Math.floor(Math.random() * mine.length)];
      const roll = Math.random();
      seq++;
      if (roll < 0.4 || pick === undefined) {
        const row = { id: nextId, k: seq, payload: `w${w}-${seq}` };
        nextId += workers;
        if (await run(`INSERT INTO ${qt} (id, k, payload) VALUES (?, ?, ?)`, [row.id, row.k, row.payload])) rows.set(row.id, row);
      } else if (roll < 0.8) {
        const payload = `u${w}-${seq}`;
        if (await run(`UPDATE ${qt} SET payload = ?, k = k + 1 WHERE id = ?`, [payload, pick])) {
          const r = rows.get(pick)!;
          r.payload = payload;
          r.k += 1;
        }
      } else if (await run(`DELETE FROM ${qt} WHERE id = ?`, [pick])) {
        rows.delete(pick);
      }
    }
  };

  // Worker ids must be congruent to their index: seed ids are spread over all residues.
  const all = Array.from({ length: workers }, (_, w) => worker(w));
  return {
    ops: () => ops,
    errors,
    async pause() {
      paused = new Promise((r) => { release = r; });
      while (idle.size < workers) await new Promise((r) => setTimeout(r, 2));
    },
    resume() {
      const r = release;
      paused = null;
      r();
    },
    async stop() {
      stopped = true;
      if (paused) this.resume();
      await Promise.all(all);
    },
    model: () => [...rows.values()].sort((a, b) => a.id - b.id),
  };
}

/** Rows that differ between two id-ordered lists (a short description, for assertion messages). */
export function diffRows(expected: readonly ModelRow[], actual: readonly ModelRow[]): string[] {
  const a = new Map(actual.map((r) => [r.id, r]));
  const e = new Map(expected.map((r) => [r.id, r]));
  const out: string[] = [];
  for (const r of expected) {
    const got = a.get(r.id);
    if (!got) out.push(`missing ${JSON.stringify(r)}`);
    else if (got.k !== r.k || got.payload !== r.payload) out.push(`differs ${JSON.stringify(r)} vs ${JSON.stringify(got)}`);
  }
  for (const r of actual) if (!e.has(r.id)) out.push(`unexpected ${JSON.stringify(r)}`);
  return out.slice(0, 10);
}
