// Classifies a DDL statement the way vtgate does before submitting it as online DDL: CREATE/ALTER/
// DROP of tables and views become migrations (a multi-table DROP one per table; CREATE/DROP INDEX are
// ALTERs); other DDL runs directly. A `keyspace.` qualifier is stripped, as vtgate strips it.
import { VitessError } from '../../port/errors.js';
import { Cursor, isWord, readDdlHead, SqlSyntaxError, tokenize, type DdlHead, type NameRef, type Token } from '@localscale/mysql';

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

/** Parses one statement into one or more DDL statements (DROP TABLE a, b gives two). */
export function parseDdl(sql: string, keyspace: string): DdlStatement[] {
  const text = sql.trim().replace(/;\s*$/, '');
  try {
    return new DdlParser(text, keyspace).parse();
  } catch (err) {
    if (err instanceof SqlSyntaxError) throw new VitessError(`syntax error: ${err.message}`, 1064);
    throw err;
  }
}

const directKeywords = new Set(['RENAME', 'TRUNCATE', 'OPTIMIZE', 'ANALYZE', 'REPAIR']);

/** Words the engine accepts between the verb and the object, per object. */
const allowedModifiers: Record<string, readonly string[]> = {
  'CREATE INDEX': ['ONLINE', 'OFFLINE', 'UNIQUE', 'FULLTEXT', 'SPATIAL'],
  'ALTER TABLE': ['ONLINE', 'IGNORE'],
  'DROP INDEX': ['ONLINE', 'OFFLINE'],
};

class DdlParser {
  private readonly c: Cursor;
  constructor(private readonly sql: string, private readonly keyspace: string) {
    this.c = Cursor.of(sql);
  }

  parse(): DdlStatement[] {
    const first = this.c.next();
    if (isWord(first, 'CREATE', 'ALTER', 'DROP')) {
      const verb = first!.value as 'CREATE' | 'ALTER' | 'DROP';
      const head = readDdlHead(this.c, verb, first!.end);
      if (head.object !== null && head.modifiers.some((m) => !(allowedModifiers[`${verb} ${head.object}`] ?? []).includes(m))) throw unsupported(this.sql);
      if (verb === 'CREATE') return [this.create(head)];
      if (verb === 'ALTER') return [this.alter(head)];
      return this.drop(head);
    }
    if (first?.kind === 'word' && directKeywords.has(first.value)) return [{ kind: 'direct', sql: this.sql }];
    throw unsupported(this.sql);
  }

  private create(head: DdlHead): DdlStatement {
    if (head.object === 'VIEW') {
      const name = this.tableName(head);
      return {
        kind: 'create_view', table: name.name, orReplace: head.orReplace, ifNotExists: head.ifNotExists, attributes: this.attributes(head),
        definition: this.rest(), sql: this.strip(name), nameSpan: this.span(name),
      };
    }
    if (head.viewAttributes || head.temporary) throw unsupported(this.sql);
    if (head.object === 'TABLE') {
      if (head.orReplace) throw unsupported(this.sql);
      const name = this.tableName(head);
      return {
        kind: 'create_table', table: name.name, ifNotExists: head.ifNotExists, hasForeignKey: hasForeignKey(this.c.tokens.slice(this.c.pos)),
        sql: this.strip(name), nameSpan: this.span(name),
      };
    }
    if (head.object === 'INDEX') return this.createIndex(head);
    return { kind: 'direct', sql: this.sql };
  }

  /** CREATE [kind] INDEX name [USING t] ON tbl (...) → ALTER TABLE tbl ADD [kind] INDEX name [USING t] (...). */
  private createIndex(head: DdlHead): DdlStatement {
    const kind = head.modifiers.filter((m) => m === 'UNIQUE' || m === 'FULLTEXT' || m === 'SPATIAL').map((m) => m.toLowerCase() + ' ').join('');
    const definition = head.indexDefinition;
    if (!definition) throw new SqlSyntaxError(`expected an index name near '${this.c.near()}'`);
    const name = this.tableName(head, 'ON');
    const spec = `add ${kind}index ${this.sql.slice(definition.start, definition.end).trim()} ${this.rest()}`.replace(/\s+$/, '');
    return this.alterTable(name.name, spec);
  }

  private alter(head: DdlHead): DdlStatement {
    if (head.object === 'VIEW') {
      const name = this.tableName(head);
      return { kind: 'alter_view', table: name.name, attributes: this.attributes(head), definition: this.rest(), sql: this.strip(name) };
    }
    if (head.viewAttributes) throw unsupported(this.sql);
    if (head.object !== 'TABLE') return { kind: 'direct', sql: this.sql };
    const name = this.tableName(head);
    const spec = this.rest();
    if (!spec) throw new VitessError(`syntax error: ALTER TABLE ${name.name} needs at least one change`, 1064);
    return { ...this.alterTable(name.name, spec), sql: this.strip(name) };
  }

  private alterTable(table: string, spec: string): DdlStatement & { kind: 'alter_table' } {
    return { kind: 'alter_table', table, spec, hasForeignKey: hasForeignKey(tokenize(spec)), sql: `alter table ${quote(table)} ${spec}` };
  }

  private drop(head: DdlHead): DdlStatement[] {
    const c = this.c;
    if (head.temporary) throw unsupported(this.sql);
    if (head.object === 'INDEX') {
      if (!head.index) throw new SqlSyntaxError(`expected an index name near '${c.near()}'`);
      const name = this.tableName(head, 'ON');
      return [this.alterTable(name.name, `drop index ${head.ifExists ? 'if exists ' : ''}${quote(head.index.name)}`)];
    }
    if (head.object !== 'TABLE' && head.object !== 'VIEW') return [{ kind: 'direct', sql: this.sql }];
    if (!head.names.length) throw new SqlSyntaxError(`expected a name near '${c.near()}'`);
    head.names.forEach((n) => this.checkKeyspace(n));
    if (!c.accept('RESTRICT')) c.accept('CASCADE');
    if (!c.done()) throw new SqlSyntaxError(`unexpected '${c.near()}'`);
    const object = head.object.toLowerCase();
    const kind = head.object === 'TABLE' ? 'drop_table' : 'drop_view';
    return head.names.map((n) => ({ kind, table: n.name, ifExists: head.ifExists, sql: `drop ${object} ${head.ifExists ? 'if exists ' : ''}${quote(n.name)}` }));
  }

  /** The view attributes as written (ALGORITHM=, DEFINER=, SQL SECURITY). */
  private attributes(head: DdlHead): string {
    return head.viewAttributes ? this.sql.slice(head.viewAttributes.start, head.viewAttributes.end).trim() : '';
  }

  /** The one table or view the head names; `expected` is the keyword that should have come before it. */
  private tableName(head: DdlHead, expected?: string): NameRef {
    const name = head.names[0];
    if (!name) throw new SqlSyntaxError(expected ? `expected ${expected} near '${this.c.near()}'` : `expected a name near '${this.c.near()}'`);
    this.checkKeyspace(name);
    return name;
  }

  private checkKeyspace(name: NameRef): void {
    if (name.qualifier !== null && name.qualifier !== this.keyspace) {
      throw new VitessError(`table ${name.qualifier}.${name.name} is not in keyspace ${this.keyspace}`, 1105);
    }
  }

  /** The statement with `keyspace.` removed from the given name. */
  private strip(name: NameRef): string {
    if (name.qualifier === null) return this.sql;
    return this.sql.slice(0, name.start) + this.sql.slice(name.nameStart);
  }

  /** The name's span in the stripped statement. */
  private span(name: NameRef): NameSpan {
    if (name.qualifier === null) return [name.start, name.end];
    return [name.start, name.end - (name.nameStart - name.start)];
  }

  private rest(): string {
    const text = this.sql.slice(this.c.offset()).trim();
    this.c.pos = this.c.tokens.length;
    return text;
  }
}

function hasForeignKey(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => isWord(t, 'REFERENCES') || (isWord(t, 'FOREIGN') && isWord(tokens[i + 1], 'KEY')));
}

const quote = (name: string) => '`' + name.replace(/`/g, '``') + '`';

const unsupported = (sql: string) => new VitessError(`unsupported statement for Online DDL: ${sql}`, 1105);
