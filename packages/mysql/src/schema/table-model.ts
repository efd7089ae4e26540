// A structured view of one canonical `SHOW CREATE TABLE` text. The server prints one element per line,
// in a regular form, so a focused parser is enough; every element keeps its exact text so the differ
// compares and re-emits the server's own spelling (MariaDB's `int(11)` and MySQL 8's `int` alike).
import { StorageError } from '../errors.js';
import { createHead, endOfQuoted, matchingParen, readIdentifier, splitTopLevel, withoutLiterals } from './canonical-text.js';

export interface ColumnModel {
  readonly name: string;
  /** Everything after the column name: type, nullability, default, generation, comment... */
  readonly definition: string;
}

export type IndexKind = 'primary' | 'unique' | 'key' | 'fulltext' | 'spatial';

export interface IndexPart {
  /** null for a functional key part. */
  readonly column: string | null;
  readonly prefixLength: number | null;
}

export interface IndexModel {
  /** `PRIMARY` for the primary key. */
  readonly name: string;
  readonly kind: IndexKind;
  readonly parts: readonly IndexPart[];
  readonly line: string;
}

export interface ForeignKeyModel {
  readonly name: string;
  readonly columns: readonly string[];
  /** null when the referenced table is in the same database. */
  readonly referencedDatabase: string | null;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly line: string;
}

export interface CheckModel { readonly name: string; readonly line: string }

export interface TableOption { readonly name: string; readonly value: string }

export interface TableModel {
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly indexes: readonly IndexModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly checks: readonly CheckModel[];
  /** Table options in printed order (ENGINE, DEFAULT CHARSET, COLLATE, COMMENT, ...); AUTO_INCREMENT excluded. */
  readonly options: readonly TableOption[];
  /** The partitioning clause as printed, or null. */
  readonly partitioning: string | null;
  /** Element lines in printed order (for re-rendering). */
  readonly lines: readonly string[];
}

/** A table definition using something this parser does not model (e.g. MariaDB's PERIOD FOR). */
export class TableParseError extends StorageError {
  constructor(table: string, detail: string) {
    super('invalid', `cannot parse the definition of table ${table}: ${detail}`);
    this.name = 'TableParseError';
  }
}

const indexLine = /^(?:(UNIQUE|FULLTEXT|SPATIAL) )?(?:KEY|INDEX) `/;

function parseIndexParts(text: string, open: number): { parts: IndexPart[]; end: number } {
  const close = matchingParen(text, open);
  const parts = splitTopLevel(text.slice(open + 1, close)).map((part): IndexPart => {
    if (!part.startsWith('`')) return { column: null, prefixLength: null };
    const id = readIdentifier(part, 0);
    const prefix = /^\((\d+)\)/.exec(part.slice(id.end));
    return { column: id.name, prefixLength: prefix ? Number(prefix[1]) : null };
  });
  return { parts, end: close + 1 };
}

function parseIndex(line: string): IndexModel {
  if (line.startsWith('PRIMARY KEY ')) {
    return { name: 'PRIMARY', kind: 'primary', parts: parseIndexParts(line, line.indexOf('(')).parts, line };
  }
  const m = indexLine.exec(line)!;
  const id = readIdentifier(line, m[0].length - 1);
  const kind = (m[1]?.toLowerCase() ?? 'key') as IndexKind;
  return { name: id.name, kind, parts: parseIndexParts(line, line.indexOf('(', id.end)).parts, line };
}

function parseForeignKey(name: string, line: string, afterName: number): ForeignKeyModel {
  const rest = line.slice(afterName).trimStart();
  const offset = line.length - rest.length;
  const open = line.indexOf('(', offset);
  const close = matchingParen(line, open);
  const columns = splitTopLevel(line.slice(open + 1, close)).map((p) => readIdentifier(p, 0).name);
  const refAt = line.indexOf('REFERENCES', close);
  let ref = readIdentifier(line, refAt + 'REFERENCES'.length);
  let referencedDatabase: string | null = null;
  if (line[ref.end] === '.') {
    referencedDatabase = ref.name;
    ref = readIdentifier(line, ref.end + 1);
  }
  const refOpen = line.indexOf('(', ref.end);
  const refClose = matchingParen(line, refOpen);
  const referencedColumns = splitTopLevel(line.slice(refOpen + 1, refClose)).map((p) => readIdentifier(p, 0).name);
  return { name, columns, referencedDatabase, referencedTable: ref.name, referencedColumns, line };
}

const optionName = /^(?:[A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)+`)(?: (?:[A-Za-z_][A-Za-z0-9_]*))*(?==)/;

function parseOptions(table: string, trailer: string): { options: TableOption[]; partitioning: string | null } {
  const options: TableOption[] = [];
  let rest = trailer.trim();
  while (rest) {
    if (rest.startsWith('/*') || /^PARTITION\s+BY\b/i.test(rest)) return { options, partitioning: rest };
    const name = optionName.exec(rest);
    if (!name) throw new TableParseError(table, `unexpected table option text: ${rest.slice(0, 40)}`);
    rest = rest.slice(name[0].length + 1);
    const value = rest.startsWith("'") ? rest.slice(0, endOfQuoted(rest, 0)) : /^\S*/.exec(rest)![0];
    rest = rest.slice(value.length).trim();
    if (name[0].toUpperCase() !== 'AUTO_INCREMENT') options.push({ name: name[0], value });
  }
  return { options, partitioning: null };
}

/** Splits a canonical CREATE TABLE into its header name, element lines and trailing options text. */
export function splitCreateTable(text: string): { name: string; lines: string[]; trailer: string; open: number; close: number } {
  const head = createHead(text, 'TABLE');
  if (!head) throw new TableParseError('?', 'not a CREATE TABLE statement');
  const id = head.names[0]!;
  const open = text.indexOf('(', id.end);
  const close = matchingParen(text, open);
  return { name: id.name, lines: splitTopLevel(text.slice(open + 1, close)), trailer: text.slice(close + 1), open, close };
}

export function parseCreateTable(text: string): TableModel {
  const { name, lines, trailer } = splitCreateTable(text);
  const columns: ColumnModel[] = [];
  const indexes: IndexModel[] = [];
  const foreignKeys: ForeignKeyModel[] = [];
  const checks: CheckModel[] = [];
  for (const line of lines) {
    if (line.startsWith('`')) {
      const id = readIdentifier(line, 0);
      columns.push({ name: id.name, definition: line.slice(id.end).trim() });
    } else if (line.startsWith('PRIMARY KEY ') || indexLine.test(line)) {
      indexes.push(parseIndex(line));
    } else if (line.startsWith('CONSTRAINT ')) {
      const id = readIdentifier(line, 'CONSTRAINT '.length);
      const kind = line.slice(id.end).trimStart();
      if (kind.startsWith('FOREIGN KEY')) foreignKeys.push(parseForeignKey(id.name, line, id.end));
      else if (kind.startsWith('CHECK')) checks.push({ name: id.name, line });
      else throw new TableParseError(name, `unknown constraint: ${line.slice(0, 60)}`);
    } else {
      throw new TableParseError(name, `unknown element: ${line.slice(0, 60)}`);
    }
  }
  return { name, columns, indexes, foreignKeys, checks, ...parseOptions(name, trailer), lines };
}

/** Re-renders a CREATE TABLE from its lines, leaving out the given lines (e.g. deferred foreign keys). */
export function renderCreateTable(text: string, omitLines: ReadonlySet<string>): string {
  if (!omitLines.size) return text;
  const { lines, open, close } = splitCreateTable(text);
  const kept = lines.filter((l) => !omitLines.has(l));
  return `${text.slice(0, open)}(\n  ${kept.join(',\n  ')}\n)${text.slice(close + 1)}`;
}

const textualType = /^(?:(?:var)?char\(|(?:tiny|medium|long)?text\b|enum\(|set\()/i;

/** Columns whose character set follows the table default when none is printed. */
export const isTextualColumn = (column: ColumnModel) => textualType.test(column.definition);

export type GeneratedKind = 'virtual' | 'stored' | null;

export function generatedKind(column: ColumnModel): GeneratedKind {
  const sql = withoutLiterals(column.definition);
  const at = sql.search(/\bGENERATED ALWAYS AS \(/i);
  if (at < 0) return null;
  const close = matchingParen(sql, sql.indexOf('(', at));
  return /^\s*(?:VIRTUAL|$)/i.test(sql.slice(close + 1)) ? 'virtual' : 'stored';
}

/** A column's printed charset, or null when it follows the table default or has none. */
export function columnCharset(column: ColumnModel): string | null {
  const m = /\bCHARACTER SET (\w+)/i.exec(withoutLiterals(column.definition));
  return m ? m[1]!.toLowerCase() : null;
}

export function tableOption(model: TableModel, name: string): string | null {
  const found = model.options.find((o) => o.name.toUpperCase() === name.toUpperCase());
  return found ? found.value : null;
}
