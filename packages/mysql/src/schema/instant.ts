// INSTANT eligibility, decided by the server itself: each ALTER TABLE runs with ALGORITHM=INSTANT on a
// scratch copy of the tables it touches. Rules differ between MySQL versions and MariaDB (MariaDB
// adds and drops columns instantly but needs INPLACE/NOCOPY for a new index), so nothing is guessed.
// As PlanetScale's instant deployments allow, CREATE/DROP of tables and any view change are immediate
// anyway and count as eligible.
import { quoteIdentifier } from '../sql/identifiers.js';
import type { Pool, Row } from '../sql/pool.js';
import { statementSql, type SqlStatement } from './changes.js';
import { classifyDdl } from './ddl.js';
import { withoutLiterals } from './canonical-text.js';
import { withDatabase } from './session.js';
import { stripAutoIncrement } from './snapshot.js';
import { withScratchDatabase, type ScratchOptions } from './scratch.js';
import { parseCreateTable } from './table-model.js';

export interface InstantStatementResult {
  readonly sql: string;
  /** The table the statement alters, or null for other statements. */
  readonly table: string | null;
  readonly eligible: boolean;
  /** The server's refusal (or why the statement was not tried), null when eligible. */
  readonly reason: string | null;
}

export interface InstantEligibility {
  readonly statements: readonly InstantStatementResult[];
  /** Every statement is eligible and at least one is an ALTER TABLE (PlanetScale's rule for instant deploys). */
  readonly eligible: boolean;
  readonly allEligible: boolean;
}

/** The statement with `ALGORITHM=INSTANT` as its algorithm (replacing any ALGORITHM it had). */
export function withInstantAlgorithm(sql: string): string {
  const bare = sql.trim().replace(/;\s*$/, '');
  const existing = /(?<!`)\bALGORITHM\s*=\s*\w+/i.exec(withoutLiterals(bare));
  if (!existing) return `${bare}, ALGORITHM=INSTANT`;
  return `${bare.slice(0, existing.index)}ALGORITHM=INSTANT${bare.slice(existing.index + existing[0].length)}`;
}

const referenced = /\bREFERENCES\s+(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))(?!\s*\.)/gi;

async function showCreateTables(pool: Pool, database: string, tables: readonly string[]): Promise<Map<string, string>> {
  const [rows] = await pool.query<Row[]>("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", [database]);
  const existing = new Set(rows.map((r) => String(r.name)));
  const creates = new Map<string, string>();
  await withDatabase(pool, database, async (conn) => {
    for (const table of tables) {
      if (!existing.has(table) || creates.has(table)) continue;
      const [[row]] = await conn.query<Row[]>(`SHOW CREATE TABLE ${quoteIdentifier(table)}`);
      creates.set(table, stripAutoIncrement(String(row!['Create Table'])));
    }
  });
  return creates;
}

/** The tables the statements alter, and the tables their old and new foreign keys reference. */
async function tablesToCopy(pool: Pool, database: string, alters: readonly { sql: string; table: string }[]): Promise<Map<string, string>> {
  const altered = await showCreateTables(pool, database, alters.map((a) => a.table));
  const targets = new Set<string>();
  for (const create of altered.values()) {
    for (const fk of parseCreateTable(create).foreignKeys) if (fk.referencedDatabase === null) targets.add(fk.referencedTable);
  }
  for (const { sql } of alters) {
    for (const m of withoutLiterals(sql).matchAll(referenced)) targets.add(m[1]?.replace(/``/g, '`') ?? m[2]!);
  }
  const others = await showCreateTables(pool, database, [...targets].filter((t) => !altered.has(t)));
  return new Map([...altered, ...others]);
}

export async function instantEligibility(pool: Pool, database: string, statements: readonly SqlStatement[], options: ScratchOptions = {}): Promise<InstantEligibility> {
  const parsed = statements.map((s) => {
    const sql = statementSql(s);
    const ddl = classifyDdl(sql);
    return { sql: ddl.sql, table: ddl.kind === 'alter_table' ? ddl.names[0]! : null };
  });
  const alters = parsed.filter((p): p is { sql: string; table: string } => p.table !== null);
  const results = await withScratchDatabase(pool, async (scratch) => {
    const creates = await tablesToCopy(pool, database, alters);
    return withDatabase(pool, scratch, async (conn) => {
      for (const create of creates.values()) await conn.query(create);
      const out: InstantStatementResult[] = [];
      for (const p of parsed) {
        if (p.table === null) { out.push({ sql: p.sql, table: null, eligible: true, reason: null }); continue; }
        try {
          await conn.query(withInstantAlgorithm(p.sql));
          out.push({ sql: p.sql, table: p.table, eligible: true, reason: null });
        } catch (err) {
          const e = err as { sqlMessage?: string; message?: string };
          out.push({ sql: p.sql, table: p.table, eligible: false, reason: e.sqlMessage ?? e.message ?? String(err) });
          // Later statements must see this one's effect, so it runs again the ordinary way.
          await conn.query(p.sql).catch(() => undefined);
        }
      }
      return out;
    }, { foreignKeyChecks: false });
  }, options);
  const allEligible = results.every((r) => r.eligible);
  return { statements: results, allEligible, eligible: allEligible && results.some((r) => r.table !== null) };
}
