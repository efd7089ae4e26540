// Classifies a DDL statement the way vtgate does before submitting it as online DDL: CREATE/ALTER/
// DROP of tables and views become migrations (a multi-table DROP one per table; CREATE/DROP INDEX are
// ALTERs); other DDL runs directly. A `keyspace.` qualifier is stripped, as vtgate strips it.
import { VitessError } from '../../port/errors.js';
import { Cursor, SqlSyntaxError, tokenize, type QualifiedName, type Token } from './tokens.js';

export type DdlStatement =
  | { kind: 'create_table'; table: string; ifNotExists: boolean; hasForeignKey: boolean; sql: string; nameSpan: NameSpan }
  | { kind: 'create_view'; table: string; orReplace: boolean; ifNotExists: boolean; attributes: string; definition: string; sql: string; nameSpan: NameSpan }
  | { kind: 'alter_table'; table: string; spec: string; hasForeignKey: boolean; sql: string }
  | { kind: 'alter_view'; table: string; attributes: string; definition: string; sql: string }
  | { kind: 'drop_table' | 'drop_view'; table: string; ifExists: boolean; sql: string }
  | { kind: 'direct'; sql: string };

/** Where the table name is in `sql` ([start, end) offsets). */
export type NameSpan = readonly [number, number];

export type MigrationStatement = Exclude<DdlStatement, { kind: 'direct' }>;

/** Splits `sql` into statements on top-level semicolons. */
export function splitStatements(sql: string): string[] {
  const tokens = tokenize(sql);
  const out: string[] = [];
  let start = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.value === ';') {
      const stmt = sql.slice(start, t.start).trim();
      if (stmt) out.push(stmt);
      start = t.end;
    }
  }
  const last = sql.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** Parses one statement into one or more DDL statements (DROP TABLE a, b gives two). */
export function parseDdl(sql: string, keyspace: string): DdlStatement[] {
  try {
    return new DdlParser(sql.trim().replace(/;\s*$/, ''), keyspace).parse();
  } catch (err) {
    if (err instanceof SqlSyntaxError) throw new VitessError(`syntax error: ${err.message}`, 1064);
    throw err;
  }
}

const directKeywords = new Set(['RENAME', 'TRUNCATE', 'OPTIMIZE', 'ANALYZE', 'REPAIR']);

class DdlParser {
  private readonly c: Cursor;
  constructor(private readonly sql: string, private readonly keyspace: string) {
    this.c = new Cursor(tokenize(sql), sql);
  }

  parse(): DdlStatement[] {
    const c = this.c;
    if (c.accept('CREATE')) return [this.create()];
    if (c.accept('ALTER')) return [this.alter()];
    if (c.accept('DROP')) return this.drop();
    const first = c.peek();
    if (first?.kind === 'word' && directKeywords.has(first.value.toUpperCase())) return [{ kind: 'direct', sql: this.sql }];
    throw unsupported(this.sql);
  }

  private create(): DdlStatement {
    const c = this.c;
    const orReplace = c.accept('OR', 'REPLACE');
    const attrStart = c.offset();
    const hasAttributes = this.viewAttributes();
    const attributes = this.sql.slice(attrStart, c.offset()).trim();
    if (c.accept('VIEW')) {
      const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
      const name = this.tableName();
      return { kind: 'create_view', table: name.name, orReplace, ifNotExists, attributes, definition: this.rest(), sql: this.strip(name), nameSpan: this.span(name) };
    }
    if (hasAttributes) throw unsupported(this.sql);
    if (c.isWord('TEMPORARY')) throw unsupported(this.sql);
    if (c.accept('TABLE')) {
      if (orReplace) throw unsupported(this.sql);
      const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
      const name = this.tableName();
      return { kind: 'create_table', table: name.name, ifNotExists, hasForeignKey: hasForeignKey(c.tokens.slice(c.pos)), sql: this.strip(name), nameSpan: this.span(name) };
    }
    if (!c.accept('ONLINE')) c.accept('OFFLINE');
    const kindStart = c.offset();
    if (!c.accept('UNIQUE') && !c.accept('FULLTEXT')) c.accept('SPATIAL');
    const kind = this.sql.slice(kindStart, c.offset()).trim();
    if (c.accept('INDEX') || c.accept('KEY')) return this.createIndex(kind);
    return { kind: 'direct', sql: this.sql };
  }

  /** CREATE [kind] INDEX name [USING t] ON tbl (...) → ALTER TABLE tbl ADD [kind] INDEX name [USING t] (...). */
  private createIndex(kind: string): DdlStatement {
    const c = this.c;
    const head = c.offset();
    while (!c.done() && !c.isWord('ON')) c.next();
    const indexPart = this.sql.slice(head, c.offset()).trim();
    c.expect('ON');
    const name = this.tableName();
    const spec = `add ${kind ? kind.toLowerCase() + ' ' : ''}index ${indexPart} ${this.rest()}`.replace(/\s+$/, '');
    return this.alterTable(name.name, spec);
  }

  private alter(): DdlStatement {
    const c = this.c;
    const attrStart = c.offset();
    const hasAttributes = this.viewAttributes();
    const attributes = this.sql.slice(attrStart, c.offset()).trim();
    if (c.accept('VIEW')) {
      const name = this.tableName();
      return { kind: 'alter_view', table: name.name, attributes, definition: this.rest(), sql: this.strip(name) };
    }
    if (hasAttributes) throw unsupported(this.sql);
    c.accept('ONLINE');
    c.accept('IGNORE');
    if (!c.accept('TABLE')) return { kind: 'direct', sql: this.sql };
    const name = this.tableName();
    const spec = this.rest();
    if (!spec) throw new VitessError(`syntax error: ALTER TABLE ${name.name} needs at least one change`, 1064);
    return { ...this.alterTable(name.name, spec), sql: this.strip(name) };
  }

  private alterTable(table: string, spec: string): DdlStatement & { kind: 'alter_table' } {
    return { kind: 'alter_table', table, spec, hasForeignKey: hasForeignKey(tokenize(spec)), sql: `alter table ${quote(table)} ${spec}` };
  }

  private drop(): DdlStatement[] {
    const c = this.c;
    if (c.isWord('TEMPORARY')) throw unsupported(this.sql);
    const object = c.accept('TABLE') ? 'table' : c.accept('VIEW') ? 'view' : null;
    if (object === null) {
      if (!c.accept('ONLINE')) c.accept('OFFLINE');
      if (c.accept('INDEX') || c.accept('KEY')) {
        const ifExists = c.accept('IF', 'EXISTS');
        const index = c.identifier();
        c.expect('ON');
        const name = this.tableName();
        return [this.alterTable(name.name, `drop index ${ifExists ? 'if exists ' : ''}${quote(index.value)}`)];
      }
      return [{ kind: 'direct', sql: this.sql }];
    }
    const ifExists = c.accept('IF', 'EXISTS');
    const names: QualifiedName[] = [this.tableName()];
    while (c.isPunct(',')) {
      c.next();
      names.push(this.tableName());
    }
    if (!c.accept('RESTRICT')) c.accept('CASCADE');
    if (!c.done()) throw new SqlSyntaxError(`unexpected '${c.near()}'`);
    const kind = object === 'table' ? 'drop_table' : 'drop_view';
    return names.map((n) => ({ kind, table: n.name, ifExists, sql: `drop ${object} ${ifExists ? 'if exists ' : ''}${quote(n.name)}` }));
  }

  /** ALGORITHM = x, DEFINER = user, SQL SECURITY x (view attributes); true if any was present. */
  private viewAttributes(): boolean {
    const c = this.c;
    let any = false;
    for (;;) {
      if (c.isWord('ALGORITHM') && c.isPunct('=', 1)) {
        c.pos += 2;
        c.next();
      } else if (c.isWord('DEFINER') && c.isPunct('=', 1)) {
        c.pos += 2;
        while (!c.done() && !c.isWord('SQL') && !c.isWord('VIEW')) c.next();
      } else if (c.isWord('SQL') && c.isWord('SECURITY', 1)) {
        c.pos += 2;
        c.next();
      } else {
        return any;
      }
      any = true;
    }
  }

  private tableName(): QualifiedName {
    const name = this.c.qualifiedName();
    if (name.qualifier !== null && name.qualifier !== this.keyspace) {
      throw new VitessError(`table ${name.qualifier}.${name.name} is not in keyspace ${this.keyspace}`, 1105);
    }
    return name;
  }

  /** The statement with `keyspace.` removed from the given name. */
  private strip(name: QualifiedName): string {
    if (name.qualifier === null) return this.sql;
    const nameToken = this.c.tokens.find((t) => t.end === name.end)!;
    return this.sql.slice(0, name.start) + this.sql.slice(nameToken.start);
  }

  /** The name's span in the stripped statement. */
  private span(name: QualifiedName): NameSpan {
    if (name.qualifier === null) return [name.start, name.end];
    const nameToken = this.c.tokens.find((t) => t.end === name.end)!;
    return [name.start, name.end - (nameToken.start - name.start)];
  }

  private rest(): string {
    const text = this.sql.slice(this.c.offset()).trim();
    this.c.pos = this.c.tokens.length;
    return text;
  }
}

function hasForeignKey(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => t.kind === 'word' && (
    t.value.toUpperCase() === 'REFERENCES' ||
    (t.value.toUpperCase() === 'FOREIGN' && tokens[i + 1]?.kind === 'word' && tokens[i + 1]!.value.toUpperCase() === 'KEY')));
}

const quote = (name: string) => '`' + name.replace(/`/g, '``') + '`';

const unsupported = (sql: string) => new VitessError(`unsupported statement for Online DDL: ${sql}`, 1105);
