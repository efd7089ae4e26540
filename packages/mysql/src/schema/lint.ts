// PlanetScale-style schema lint over a snapshot: the rules of PlanetScale's schema lint error reference
// (codes and messages as its documentation gives them) that can be judged from the schema alone.
// Items are shaped like the API's SchemaLintError: fields that do not apply are "" or [].
import type { SchemaSnapshot } from './snapshot.js';
import { withoutLiterals } from './canonical-text.js';
import { columnCharset, parseCreateTable, tableOption, type IndexModel, type TableModel } from './table-model.js';

export type SchemaLintCode =
  | 'NO_UNIQUE_KEY'
  | 'PARTIAL_KEY_IN_UNIQUE_KEY'
  | 'BLOB_IN_UNIQUE_KEY'
  | 'UNSUPPORTED_FEATURE'
  | 'INVALID_CHARSET'
  | 'FOREIGN_KEYS_DISALLOWED'
  | 'FOREIGN_KEYS_NONEXISTENT_TABLE'
  | 'UNSUPPORTED_PARTITIONING_FEATURE';

export interface SchemaLintError {
  lint_error: SchemaLintCode;
  subject_type: 'table' | 'vschema' | 'routing_rules';
  keyspace_name: string;
  table_name: string;
  error_description: string;
  docs_url: string;
  column_name: string;
  foreign_key_column_names: string[];
  auto_increment_column_names: string[];
  charset_name: string;
  engine_name: string;
  vindex_name: string;
  json_path: string;
  check_constraint_name: string;
  enum_value: string;
  partitioning_type: string;
  partition_name: string;
}

export interface LintOptions {
  /** Whether the database allows foreign key constraints (PlanetScale's `foreign_keys_enabled`); default true. */
  readonly foreignKeysEnabled?: boolean;
}

const docsBase = 'https://planetscale.com/docs/vitess/schema-changes/schema-lint-errors/';
const supportedCharsets = new Set(['utf8', 'utf8mb3', 'utf8mb4', 'latin1', 'ascii']);
const blobOrText = /^(?:tiny|medium|long)?(?:blob|text)\b/i;

type Detail = Partial<Omit<SchemaLintError, 'lint_error' | 'subject_type' | 'keyspace_name' | 'table_name' | 'error_description' | 'docs_url'>>;

function item(code: SchemaLintCode, keyspace: string, table: string, description: string, detail: Detail = {}): SchemaLintError {
  return {
    lint_error: code, subject_type: 'table', keyspace_name: keyspace, table_name: table, error_description: description,
    docs_url: docsBase + code.toLowerCase().replace(/_/g, '-'),
    column_name: '', foreign_key_column_names: [], auto_increment_column_names: [], charset_name: '', engine_name: '',
    vindex_name: '', json_path: '', check_constraint_name: '', enum_value: '', partitioning_type: '', partition_name: '',
    ...detail,
  };
}

function columnType(table: TableModel, name: string | null): string {
  return table.columns.find((c) => c.name === name)?.definition ?? '';
}

/** A unique key Vitess can use to identify rows: all columns NOT NULL, whole, and not BLOB/TEXT. */
function isUsableUniqueKey(table: TableModel, index: IndexModel): boolean {
  if (index.kind !== 'primary' && index.kind !== 'unique') return false;
  return index.parts.every((p) => {
    const type = withoutLiterals(columnType(table, p.column));
    return p.column !== null && p.prefixLength === null && /\bNOT NULL\b/.test(type) && !blobOrText.test(type);
  });
}

function lintTable(table: TableModel, keyspace: string, tables: ReadonlySet<string>, options: LintOptions): SchemaLintError[] {
  const out: SchemaLintError[] = [];
  const t = table.name;
  const primary = table.indexes.find((i) => i.kind === 'primary');
  for (const part of primary?.parts ?? []) {
    if (part.column !== null && blobOrText.test(columnType(table, part.column))) {
      out.push(item('BLOB_IN_UNIQUE_KEY', keyspace, t, `table "${t}" contains BLOB or TEXT column "${part.column}" in the primary key.`, { column_name: part.column }));
    } else if (part.column !== null && part.prefixLength !== null) {
      out.push(item('PARTIAL_KEY_IN_UNIQUE_KEY', keyspace, t, `table "${t}" contains partial index on column "${part.column}" in the primary key.`, { column_name: part.column }));
    }
  }
  if (!table.indexes.some((i) => isUsableUniqueKey(table, i))) {
    out.push(item('NO_UNIQUE_KEY', keyspace, t,
      `table "${t}" has no non-null unique key: all tables must have at least one unique, not-null key without using text / blob columns or partial indexes.`));
  }
  const engine = tableOption(table, 'ENGINE');
  if (engine !== null && engine.toLowerCase() !== 'innodb') {
    out.push(item('UNSUPPORTED_FEATURE', keyspace, t, `table "${t}" uses the unsupported storage engine ${engine}: only InnoDB is supported.`, { engine_name: engine }));
  }
  const charset = tableOption(table, 'DEFAULT CHARSET');
  if (charset !== null && !supportedCharsets.has(charset.toLowerCase())) {
    out.push(item('INVALID_CHARSET', keyspace, t, `table "${t}" has an invalid table charset ${charset}: only utf8, utf8mb4, and utf8mb3 charsets are supported.`, { charset_name: charset }));
  }
  for (const column of table.columns) {
    const cs = columnCharset(column);
    if (cs !== null && !supportedCharsets.has(cs)) {
      out.push(item('INVALID_CHARSET', keyspace, t, `table "${t}" has an invalid column charset ${cs}: only utf8, utf8mb4, and utf8mb3 charsets are supported.`,
        { charset_name: cs, column_name: column.name }));
    }
  }
  for (const fk of table.foreignKeys) {
    if (options.foreignKeysEnabled === false) {
      out.push(item('FOREIGN_KEYS_DISALLOWED', keyspace, t, `table "${t}" has a foreign key constraint: foreign key constraints are not supported.`,
        { foreign_key_column_names: [...fk.columns] }));
    } else if (fk.referencedDatabase === null && !tables.has(fk.referencedTable)) {
      out.push(item('FOREIGN_KEYS_NONEXISTENT_TABLE', keyspace, t, `table \`${t}\` foreign key references nonexistent table \`${fk.referencedTable}\``,
        { foreign_key_column_names: [...fk.columns] }));
    }
  }
  const partitioning = table.partitioning ?? '';
  const type = /PARTITION BY\s+(?:LINEAR\s+)?(\w+)/i.exec(partitioning)?.[1]?.toUpperCase() ?? '';
  if (type && !['RANGE', 'HASH', 'KEY'].includes(type)) {
    out.push(item('UNSUPPORTED_PARTITIONING_FEATURE', keyspace, t, 'only RANGE, HASH, and KEY based partitioning is supported', { partitioning_type: type }));
  } else if (/\bSUBPARTITION\b/i.test(partitioning)) {
    out.push(item('UNSUPPORTED_PARTITIONING_FEATURE', keyspace, t, 'SUBPARTITION is not supported', { partitioning_type: type }));
  }
  return out;
}

export function lintSchema(snapshot: SchemaSnapshot, keyspace: string, options: LintOptions = {}): SchemaLintError[] {
  const names = new Set(snapshot.tables.map((t) => t.name));
  return snapshot.tables.flatMap((t) => lintTable(parseCreateTable(t.create), keyspace, names, options));
}
