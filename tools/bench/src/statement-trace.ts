// Where an online ALTER through the embedded engine spends its time, read from the statements it
// sends: the benchmark hands the engine a pool wrapped here, which records each statement's start,
// duration and text while recording is on. The phases are told apart by the statements that begin
// and end them (the chunk INSERTs into the `_vt_vrp_` shadow table, the deferred-key ALTER, the
// cut-over RENAME), so the profile needs nothing from the engine beyond the SQL it already runs.
import type { Pool } from '@localscale/mysql';

export interface TracedStatement { at: number; ms: number; sql: string }

type Method = (...args: unknown[]) => unknown;

export class StatementTrace {
  private statements: TracedStatement[] = [];
  private recording = false;

  /** The pool, recording every statement sent through it or through a connection taken from it. */
  wrap(pool: Pool): Pool {
    return this.traced(pool);
  }

  start(): void {
    this.statements = [];
    this.recording = true;
  }

  stop(): TracedStatement[] {
    this.recording = false;
    return this.statements;
  }

  private traced<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (obj, prop) => {
        const value = Reflect.get(obj, prop, obj) as unknown;
        if (typeof value !== 'function') return value;
        const method = value as Method;
        if (prop === 'query' || prop === 'execute') return (...args: unknown[]) => this.time(args[0], () => method.apply(obj, args));
        if (prop === 'getConnection') return async () => this.traced((await method.apply(obj)) as object);
        return method.bind(obj);
      },
    });
  }

  private async time(statement: unknown, run: () => unknown): Promise<unknown> {
    const at = performance.now();
    try {
      return await run();
    } finally {
      if (this.recording) {
        const sql = typeof statement === 'string' ? statement : String((statement as { sql?: unknown } | null)?.sql ?? '');
        this.statements.push({ at, ms: performance.now() - at, sql });
      }
    }
  }
}

export interface EnginePhases {
  /** Submission to the first chunk: scheduling, the shadow table, the triggers, counting rows. */
  setup_ms: number;
  /** First chunk to the end of the last one. */
  copy_ms: number;
  /** Of which: the chunks' INSERT ... SELECT statements themselves. */
  copy_insert_ms: number;
  chunks: number;
  /** The deferred secondary keys' INPLACE build. */
  key_build_ms: number;
  /** From the end of the copy (and key build) to the cut-over RENAME: ready_to_complete, analysis, the cut-over triggers. */
  until_cut_over_ms: number;
  /** The RENAME itself and what follows it until the migration is seen complete. */
  cut_over_ms: number;
  /** Every statement the engine sent meanwhile (its own scheduler's reads included). */
  statements: number;
}

const chunkInsert = /^INSERT INTO \S*_vt_vrp_\w+`? \(.*\) SELECT /s;
const keyBuild = /^ALTER TABLE \S*_vt_vrp_\w+`? ADD .*ALGORITHM=INPLACE/s;
const rename = /^RENAME TABLE /;

/** The phases of one engine run from its statements, `submittedAt`..`completedAt` (performance.now() times). */
export function enginePhases(statements: readonly TracedStatement[], submittedAt: number, completedAt: number): EnginePhases {
  const end = (s: TracedStatement) => s.at + s.ms;
  const chunks = statements.filter((s) => chunkInsert.test(s.sql));
  const build = statements.find((s) => keyBuild.test(s.sql));
  const swap = statements.find((s) => rename.test(s.sql));
  const copyStart = chunks[0]?.at ?? submittedAt;
  const copyEnd = chunks.length ? Math.max(...chunks.map(end)) : copyStart;
  const copied = build ? end(build) : copyEnd;
  const swapAt = swap?.at ?? completedAt;
  return {
    setup_ms: copyStart - submittedAt,
    copy_ms: copyEnd - copyStart,
    copy_insert_ms: chunks.reduce((sum, s) => sum + s.ms, 0),
    chunks: chunks.length,
    key_build_ms: build?.ms ?? 0,
    until_cut_over_ms: swapAt - copied,
    cut_over_ms: completedAt - swapAt,
    statements: statements.length,
  };
}
