// What the differ emits: ordered DDL statements, each labelled with what it does to which object.
export type SchemaChangeKind = 'create_table' | 'alter_table' | 'drop_table' | 'create_view' | 'alter_view' | 'drop_view';

/** One ordered statement: what it does to which object (table ordering builds these). */
export interface SchemaChange {
  readonly kind: SchemaChangeKind;
  /** The table or view the statement changes. */
  readonly name: string;
  /** The statement, unqualified: run it with the target database as the default. */
  readonly sql: string;
}

/** A change as `diffSchemas` returns it: also what it costs, from what the differ knows. */
export interface DiffChange extends SchemaChange {
  /** The statement drops a table or a column: rows or values that exist now are gone afterwards. */
  readonly dropsData: boolean;
}

/** A statement as plain SQL or as a differ change. */
export type SqlStatement = string | { readonly sql: string };

export const statementSql = (statement: SqlStatement) => (typeof statement === 'string' ? statement : statement.sql);
