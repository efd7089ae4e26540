// Recognises the schema DDL a branch accepts (CREATE/ALTER/DROP TABLE, CREATE/ALTER/DROP VIEW,
// CREATE/DROP INDEX, RENAME TABLE) and the objects it names, before anything runs. Objects must be
// unqualified: a statement meant for one keyspace's database cannot reach into another database.
import { invalid } from '../errors.js';
import { endOfQuoted } from './lexer.js';

export type DdlKind = 'create_table' | 'alter_table' | 'drop_table' | 'rename_table' | 'create_view' | 'alter_view' | 'drop_view';

export interface DdlStatement {
  readonly kind: DdlKind;
  /** The tables or views the statement changes. */
  readonly names: readonly string[];
  /** The statement without surrounding whitespace or a trailing semicolon. */
  readonly sql: string;
}

/** `word` is upper-cased for bare words; `text` is the original (unquoted) spelling. */
type Token = { readonly word: string; readonly text: string; readonly quoted: boolean };

/** The leading tokens of a statement: bare words (upper-cased), quoted identifiers and punctuation. */
function tokens(sql: string, limit = 64): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length && out.length < limit) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) break;
      i = end + 2;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') { const nl = sql.indexOf('\n', i); i = nl < 0 ? sql.length : nl + 1; continue; }
    if (ch === '#') { const nl = sql.indexOf('\n', i); i = nl < 0 ? sql.length : nl + 1; continue; }
    if (ch === '`' || ch === "'" || ch === '"') {
      const end = endOfQuoted(sql, i);
      const text = sql.slice(i + 1, end - 1).replace(ch === '`' ? /``/g : /''/g, ch);
      out.push({ word: ch === '`' ? text : `'${text}'`, text, quoted: ch === '`' });
      i = end;
      continue;
    }
    const word = /^[A-Za-z0-9_$]+/.exec(sql.slice(i));
    if (word) { out.push({ word: word[0].toUpperCase(), text: word[0], quoted: false }); i += word[0].length; continue; }
    out.push({ word: ch, text: ch, quoted: false });
    i++;
  }
  return out;
}

const isWord = (t: Token | undefined, ...words: string[]) => t !== undefined && !t.quoted && words.includes(t.word);

class Reader {
  private at = 0;
  constructor(private readonly toks: Token[], private readonly sql: string) {}
  peek(offset = 0) { return this.toks[this.at + offset]; }
  next() { return this.toks[this.at++]; }
  skip(...words: string[]) { while (isWord(this.peek(), ...words)) this.at++; }
  /** An object name; rejects `db`.`name`. */
  name(): string {
    const t = this.next();
    if (!t || (!t.quoted && !/^[A-Za-z0-9_$]+$/.test(t.word))) throw invalid(`expected a table or view name in: ${this.sql.slice(0, 80)}`);
    if (this.peek()?.word === '.' && !this.peek()?.quoted) throw invalid(`statements must not name another database: ${this.sql.slice(0, 80)}`);
    return t.text;
  }
  names(): string[] {
    const all = [this.name()];
    while (this.peek()?.word === ',') { this.next(); all.push(this.name()); }
    return all;
  }
  /** Skips view attributes (ALGORITHM=, DEFINER=, SQL SECURITY) up to VIEW; false when VIEW never comes. */
  toView(): boolean {
    for (let n = 0; n < 16 && this.peek(); n++) {
      if (isWord(this.peek(), 'VIEW')) { this.next(); return true; }
      if (isWord(this.peek(), 'TABLE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'EVENT', 'DATABASE', 'SCHEMA', 'USER', 'SERVER')) return false;
      this.next();
    }
    return false;
  }
}

const clauseEnds = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'WINDOW', 'ON', 'USING', 'SELECT', 'FOR', 'INTO']);

/**
 * Refuses references to other databases: `LIKE db.t`, `REFERENCES db.t`, a qualified table in a FROM or
 * JOIN list, and any three-part name. A branch's DDL must not read or tie itself to other databases
 * (a view runs with its definer's rights, so a view over another database would leak it).
 */
function assertLocal(sql: string): void {
  const toks = tokens(sql, Infinity);
  let inFrom = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (!t.quoted && t.word === 'FROM') inFrom = true;
    else if (!t.quoted && clauseEnds.has(t.word)) inFrom = false;
    const dotted = toks[i + 1]?.word === '.' && !toks[i + 1]!.quoted && toks[i + 2] !== undefined;
    if (!dotted) continue;
    const before = toks[i - 1];
    const threePart = toks[i + 3]?.word === '.' && !toks[i + 3]!.quoted;
    const tableContext = isWord(before, 'LIKE', 'REFERENCES', 'JOIN', 'FROM') || (inFrom && before?.word === ',' && !before.quoted);
    if (threePart || tableContext) throw invalid(`statements must not refer to another database: ${sql.slice(0, 80)}`);
  }
}

function unsupported(sql: string): never {
  throw invalid(`only CREATE, ALTER and DROP of tables, views and indexes are accepted: ${sql.slice(0, 80)}`);
}

export function classifyDdl(statement: string): DdlStatement {
  const sql = statement.trim().replace(/;\s*$/, '').trim();
  if (!sql) throw invalid('empty statement');
  const ddl = classify(sql);
  assertLocal(sql);
  if (ddl.kind === 'create_table' && tokens(sql, Infinity).some((t) => isWord(t, 'SELECT'))) {
    throw invalid(`CREATE TABLE ... SELECT is not supported: ${sql.slice(0, 80)}`);
  }
  return ddl;
}

function classify(sql: string): DdlStatement {
  const r = new Reader(tokens(sql), sql);
  const verb = r.next();
  if (isWord(verb, 'CREATE')) {
    if (isWord(r.peek(), 'OR') && isWord(r.peek(1), 'REPLACE')) {
      r.next(); r.next();
      if (r.toView()) return { kind: 'alter_view', names: [r.name()], sql };
      unsupported(sql);
    }
    if (isWord(r.peek(), 'TABLE')) {
      r.next();
      if (isWord(r.peek(), 'IF')) r.skip('IF', 'NOT', 'EXISTS');
      return { kind: 'create_table', names: [r.name()], sql };
    }
    if (isWord(r.peek(), 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'INDEX')) {
      r.skip('UNIQUE', 'FULLTEXT', 'SPATIAL', 'INDEX');
      r.name();
      while (r.peek() && !isWord(r.peek(), 'ON')) r.next();
      r.next();
      return { kind: 'alter_table', names: [r.name()], sql };
    }
    if (r.toView()) return { kind: 'create_view', names: [r.name()], sql };
    unsupported(sql);
  }
  if (isWord(verb, 'ALTER')) {
    r.skip('ONLINE', 'IGNORE');
    if (isWord(r.peek(), 'TABLE')) { r.next(); return { kind: 'alter_table', names: [r.name()], sql }; }
    if (r.toView()) return { kind: 'alter_view', names: [r.name()], sql };
    unsupported(sql);
  }
  if (isWord(verb, 'DROP')) {
    if (isWord(r.peek(), 'INDEX')) {
      r.next();
      r.name();
      if (!isWord(r.next(), 'ON')) unsupported(sql);
      return { kind: 'alter_table', names: [r.name()], sql };
    }
    const kind = isWord(r.peek(), 'TABLE') ? 'drop_table' : isWord(r.peek(), 'VIEW') ? 'drop_view' : unsupported(sql);
    r.next();
    if (isWord(r.peek(), 'IF')) r.skip('IF', 'EXISTS');
    return { kind, names: r.names(), sql };
  }
  if (isWord(verb, 'RENAME') && isWord(r.peek(), 'TABLE')) {
    r.next();
    const names: string[] = [];
    do {
      if (names.length) r.next();
      names.push(r.name());
      if (!isWord(r.next(), 'TO')) unsupported(sql);
      names.push(r.name());
    } while (r.peek()?.word === ',');
    return { kind: 'rename_table', names, sql };
  }
  return unsupported(sql);
}
