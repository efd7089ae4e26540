// Schema snapshots, the declarative differ, INSTANT eligibility, VSchema comparison and schema lint.
export { isInternalArtifact } from './artifacts.js';
export { type DiffChange, type SchemaChange, type SchemaChangeKind, type SqlStatement } from './changes.js';
export { snapshotSchema, stripAutoIncrement, emptySnapshot, type SchemaObject, type SchemaSnapshot, type SnapshotOptions } from './snapshot.js';
export { applyStatements, SchemaStatementError, type ApplyOptions } from './apply.js';
export { copySchema, restoreSnapshot, tablesInForeignKeyOrder, type CopyOptions, type CopyProgress } from './copy.js';
export { diffSchemas, orderViews, type DiffOptions } from './diff.js';
export { classifyDdl, type DdlKind, type BranchDdl } from './ddl.js';
export { diffStatements, snapshotStatements, loadStatements, withScratchDatabase, scratchDatabaseName, type ScratchOptions } from './scratch.js';
export { instantEligibility, withInstantAlgorithm, type InstantEligibility, type InstantStatementResult } from './instant.js';
export { diffVSchema, normalizeVSchema, vschemaEquals, type VSchemaDiff, type VSchemaChange, type VSchemaInput, type VSchemaObject, type VSchemaValue } from './vschema.js';
export { lintSchema, type LintOptions, type SchemaLintCode, type SchemaLintError } from './lint.js';
export { parseCreateTable, TableParseError, type TableModel, type ColumnModel, type IndexModel, type ForeignKeyModel, type CheckModel } from './table-model.js';
