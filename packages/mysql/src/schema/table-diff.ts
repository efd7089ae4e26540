// The changes that turn one parsed table into another, as ALTER TABLE clauses. Elements are matched by
// name and compared by their canonical text; a changed index, check or foreign key is dropped and added
// again, a changed column is modified in place (or dropped and added when the server cannot modify it).
import { quoteIdentifier } from '../sql/identifiers.js';
import { planColumns, type ColumnStep } from './column-order.js';
import { generatedKind, isTextualColumn, type ForeignKeyModel, type TableModel, type TableOption } from './table-model.js';

export interface ForeignKeyClause {
  readonly clause: string;
  /** The referenced table when it is in the same database (ordering depends on it), else null. */
  readonly references: string | null;
}

export interface TableAlter {
  readonly table: string;
  readonly foreignKeyDrops: readonly ForeignKeyClause[];
  /** Column, index, check and option clauses, in the order they must run. */
  readonly clauses: readonly string[];
  readonly foreignKeyAdds: readonly ForeignKeyClause[];
  /** Partitioning clause (or REMOVE PARTITIONING), appended without a comma. */
  readonly partitioning: string | null;
  /** A foreign key is dropped and added again under the same name, which the server refuses in one statement. */
  readonly readdsForeignKey: boolean;
  /** Columns or indexes change, so foreign keys pointing at this table may depend on the order. */
  readonly changesKeys: boolean;
  /**
   * Columns dropped by `clauses` (gone, or dropped and added again because the server cannot modify
   * them in place): their values are lost, which the deploy plan reports as dropping data.
   */
  readonly droppedColumns: readonly string[];
}

const q = quoteIdentifier;

function renderStep(step: ColumnStep): string {
  const head = `${step.kind === 'add' ? 'ADD' : 'MODIFY'} COLUMN ${q(step.column.name)} ${step.column.definition}`;
  if (!step.position) return head;
  return 'first' in step.position ? `${head} FIRST` : `${head} AFTER ${q(step.position.after)}`;
}

/** Values that put a removed table option back to the server default. */
const optionResets: Record<string, string> = {
  COMMENT: "''", KEY_BLOCK_SIZE: '0', CHECKSUM: '0', DELAY_KEY_WRITE: '0', MAX_ROWS: '0', MIN_ROWS: '0',
  AVG_ROW_LENGTH: '0', CONNECTION: "''",
};

const charsetOptions = new Set(['DEFAULT CHARSET', 'COLLATE']);

function optionClauses(source: readonly TableOption[], target: readonly TableOption[]): { clauses: string[]; charsetChanged: boolean } {
  const key = (o: TableOption) => o.name.toUpperCase();
  const before = new Map(source.map((o) => [key(o), o.value]));
  const after = new Map(target.map((o) => [key(o), o.value]));
  const charsetChanged = [...charsetOptions].some((name) => before.get(name) !== after.get(name));
  const clauses: string[] = [];
  if (charsetChanged) {
    const charset = after.get('DEFAULT CHARSET');
    const collate = after.get('COLLATE');
    clauses.push([charset && `DEFAULT CHARSET=${charset}`, collate && `COLLATE=${collate}`].filter(Boolean).join(' '));
  }
  for (const option of target) {
    if (charsetOptions.has(key(option)) || before.get(key(option)) === option.value) continue;
    clauses.push(`${option.name}=${option.value}`);
  }
  for (const option of source) {
    if (charsetOptions.has(key(option)) || after.has(key(option))) continue;
    clauses.push(`${option.name}=${optionResets[key(option)] ?? 'DEFAULT'}`);
  }
  return { clauses, charsetChanged };
}

interface Named { readonly name: string }

/** Elements of `source` missing or different in `target`, and elements of `target` new or different. */
function changedByName<T extends Named>(source: readonly T[], target: readonly T[], text: (x: T) => string) {
  const before = new Map(source.map((x) => [x.name, text(x)]));
  const after = new Map(target.map((x) => [x.name, text(x)]));
  return {
    removed: source.filter((x) => after.get(x.name) !== text(x)),
    added: target.filter((x) => before.get(x.name) !== text(x)),
    readded: target.filter((x) => before.has(x.name) && before.get(x.name) !== text(x)),
  };
}

const fkClause = (fk: ForeignKeyModel, clause: string): ForeignKeyClause => ({ clause, references: fk.referencedDatabase === null ? fk.referencedTable : null });

export function diffTable(source: TableModel, target: TableModel): TableAlter | null {
  const options = optionClauses(source.options, target.options);
  const sourceColumns = new Map(source.columns.map((c) => [c.name, c]));
  const recreate = new Set(target.columns
    .filter((c) => sourceColumns.has(c.name) && generatedKind(sourceColumns.get(c.name)!) !== generatedKind(c))
    .map((c) => c.name));
  const touch = new Set(options.charsetChanged ? target.columns.filter(isTextualColumn).map((c) => c.name) : []);
  const columns = planColumns(source.columns, target.columns, recreate, touch);
  const indexes = changedByName(source.indexes, target.indexes, (x) => x.line);
  const checks = changedByName(source.checks, target.checks, (x) => x.line);
  const foreignKeys = changedByName(source.foreignKeys, target.foreignKeys, (x) => x.line);

  const clauses = [
    ...checks.removed.map((c) => `DROP CONSTRAINT ${q(c.name)}`),
    ...indexes.removed.map((i) => (i.kind === 'primary' ? 'DROP PRIMARY KEY' : `DROP INDEX ${q(i.name)}`)),
    ...columns.drops.map((name) => `DROP COLUMN ${q(name)}`),
    ...columns.steps.map(renderStep),
    ...indexes.added.map((i) => `ADD ${i.line}`),
    ...checks.added.map((c) => `ADD ${c.line}`),
    ...options.clauses,
  ];
  const partitioning = source.partitioning === target.partitioning ? null : (target.partitioning ?? 'REMOVE PARTITIONING');
  const foreignKeyDrops = foreignKeys.removed.map((fk) => fkClause(fk, `DROP FOREIGN KEY ${q(fk.name)}`));
  const foreignKeyAdds = foreignKeys.added.map((fk) => fkClause(fk, `ADD ${fk.line}`));
  if (!clauses.length && !foreignKeyDrops.length && !foreignKeyAdds.length && !partitioning) return null;
  const changesKeys = columns.drops.length + columns.steps.length + indexes.removed.length + indexes.added.length > 0;
  return {
    table: target.name, foreignKeyDrops, clauses, foreignKeyAdds, partitioning, readdsForeignKey: foreignKeys.readded.length > 0, changesKeys,
    droppedColumns: columns.drops,
  };
}

export function renderAlter(table: string, clauses: readonly string[], partitioning: string | null = null): string {
  const head = `ALTER TABLE ${q(table)}`;
  const body = clauses.length ? ` ${clauses.join(', ')}` : '';
  return `${head}${body}${partitioning ? ` ${partitioning}` : ''}`;
}
