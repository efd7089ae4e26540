// Recognises the schema DDL a branch accepts (CREATE/ALTER/DROP TABLE, CREATE/ALTER/DROP VIEW,
// CREATE/DROP INDEX, RENAME TABLE) and the objects it names, before anything runs. Objects must be
// unqualified: a statement meant for one keyspace's database cannot reach into another database.
import { invalid } from '../errors.js';
import { Cursor } from '../sql/cursor.js';
import { readDdlHead, type DdlVerb } from '../sql/ddl-head.js';
import { isPunct, isWord, SqlSyntaxError, type Token } from '../sql/lexer.js';

export type DdlKind = 'create_table' | 'alter_table' | 'drop_table' | 'rename_table' | 'create_view' | 'alter_view' | 'drop_view';

export interface BranchDdl {
  readonly kind: DdlKind;
  /** The tables or views the statement changes. */
  readonly names: readonly string[];
  /** The statement without surrounding whitespace or a trailing semicolon. */
  readonly sql: string;
}

/** Words accepted between the verb and the object, per statement form (TEMPORARY is never accepted). */
const allowedModifiers: Record<string, readonly string[]> = {
  'CREATE INDEX': ['UNIQUE', 'FULLTEXT', 'SPATIAL'],
  'ALTER TABLE': ['ONLINE', 'IGNORE'],
};

const clauseEnds = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'WINDOW', 'ON', 'USING', 'SELECT', 'FOR', 'INTO']);

/**
 * Refuses references to other databases: `LIKE db.t`, `REFERENCES db.t`, a qualified table in a FROM or
 * JOIN list, and any three-part name. A branch's DDL must not read or tie itself to other databases
 * (a view runs with its definer's rights, so a view over another database would leak it).
 */
function assertLocal(sql: string, toks: readonly Token[]): void {
  let inFrom = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (isWord(t, 'FROM')) inFrom = true;
    else if (t.kind === 'word' && clauseEnds.has(t.value)) inFrom = false;
    const dotted = isPunct(toks[i + 1], '.') && toks[i + 2] !== undefined;
    if (!dotted) continue;
    const before = toks[i - 1];
    const threePart = isPunct(toks[i + 3], '.');
    const tableContext = isWord(before, 'LIKE', 'REFERENCES', 'JOIN', 'FROM') || (inFrom && isPunct(before, ','));
    if (threePart || tableContext) throw invalid(`statements must not refer to another database: ${sql.slice(0, 80)}`);
  }
}

function unsupported(sql: string): never {
  throw invalid(`only CREATE, ALTER and DROP of tables, views and indexes are accepted: ${sql.slice(0, 80)}`);
}

export function classifyDdl(statement: string): BranchDdl {
  const sql = statement.trim().replace(/;\s*$/, '').trim();
  if (!sql) throw invalid('empty statement');
  let cursor: Cursor;
  try {
    cursor = Cursor.of(sql);
  } catch (err) {
    if (err instanceof SqlSyntaxError) throw invalid(`${err.message} in: ${sql.slice(0, 80)}`);
    throw err;
  }
  const ddl = classify(sql, cursor);
  assertLocal(sql, cursor.tokens);
  if (ddl.kind === 'create_table' && cursor.tokens.some((t) => isWord(t, 'SELECT'))) {
    throw invalid(`CREATE TABLE ... SELECT is not supported: ${sql.slice(0, 80)}`);
  }
  return ddl;
}

function classify(sql: string, c: Cursor): BranchDdl {
  const verb = c.next();
  if (!isWord(verb, 'CREATE', 'ALTER', 'DROP', 'RENAME')) return unsupported(sql);
  const head = readDdlHead(c, verb!.value as DdlVerb, verb!.end);
  const form = `${head.verb} ${head.object}`;
  if (head.temporary || head.modifiers.some((m) => !(allowedModifiers[form] ?? []).includes(m))) unsupported(sql);
  if (head.viewAttributes && head.object !== 'VIEW') unsupported(sql);
  if (head.orReplace && form !== 'CREATE VIEW') unsupported(sql);
  const names = (): string[] => {
    if (!head.names.length) throw invalid(`expected a table or view name in: ${sql.slice(0, 80)}`);
    for (const n of head.names) if (n.qualifier !== null) throw invalid(`statements must not name another database: ${sql.slice(0, 80)}`);
    return head.names.map((n) => n.name);
  };
  switch (form) {
    case 'CREATE TABLE': return { kind: 'create_table', names: names(), sql };
    case 'CREATE VIEW': return { kind: head.orReplace ? 'alter_view' : 'create_view', names: names(), sql };
    case 'CREATE INDEX':
    case 'DROP INDEX':
      if (!head.index) throw invalid(`expected a table or view name in: ${sql.slice(0, 80)}`);
      if (head.index.qualifier !== null) throw invalid(`statements must not name another database: ${sql.slice(0, 80)}`);
      return { kind: 'alter_table', names: names(), sql };
    case 'ALTER TABLE': return { kind: 'alter_table', names: names(), sql };
    case 'ALTER VIEW': return { kind: 'alter_view', names: names(), sql };
    case 'DROP TABLE': return { kind: 'drop_table', names: names(), sql };
    case 'DROP VIEW': return { kind: 'drop_view', names: names(), sql };
    case 'RENAME TABLE': {
      const all = names();
      if (all.length % 2 !== 0) unsupported(sql);
      return { kind: 'rename_table', names: all, sql };
    }
    default: return unsupported(sql);
  }
}
