export * from './port/index.js';
export { createEmbeddedEngine } from './embedded/index.js';
export type {
  EmbeddedEngineOptions, EmbeddedKeyspaceConfig, EmbeddedShardConfig, EmbeddedMigrationEngine, EngineStats, VSchemaStore,
} from './embedded/index.js';
export { parseDdlStrategy, type DdlStrategySetting } from './strategy/ddl-strategy.js';
export { createVtgateEngine, type VtgateEngineOptions } from './vtgate/index.js';
