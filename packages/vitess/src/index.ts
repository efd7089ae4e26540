export * from './port/index.js';
export { createEmbeddedEngine } from './embedded/index.js';
export type {
  EmbeddedEngineOptions, EmbeddedKeyspaceConfig, EmbeddedShardConfig, EmbeddedMigrationEngine, EngineStats, VSchemaStore,
} from './embedded/index.js';
export {
  parseDdlStrategy, isDirectStrategy, validateMigrationContext, type DdlStrategySetting, type DdlStrategyName,
} from './strategy/ddl-strategy.js';
export {
  parseGoDuration, parseGoDurationNanos, formatGoDuration, formatGoDurationNanos, GoDurationError,
} from './strategy/duration.js';
export { createVtgateEngine, type VtgateEngineOptions } from './vtgate/index.js';
export { describeDdl, type DdlDescription } from './embedded/ddl/describe.js';
export * from './vindex/index.js';
export { readKeyspaceVSchema, type KeyspaceVSchema, type TableVSchema, type PrimaryVindex, type VindexSpec } from './vschema/keyspace-vschema.js';
