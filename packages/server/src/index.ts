// @localscale/server: run LocalScale from code.
export { startLocalScale, StartupError, type LocalScale, type StartOptions } from './runtime.js';
export { loadConfig, resolveConfig, readConfigFile, ConfigError, type RawConfig, type ConfigOverrides } from './config/load.js';
export type { LocalScaleConfig } from './config/types.js';
export { createLogger, type Logger, type LogLevel } from './logging.js';
export { version } from './version.js';
export { routes, type RouteSpec, type OperationId } from './generated/routes.js';
export { openApiDocument } from './openapi-document.js';
export { operationAccess, accessCatalog, type AccessName, type AccessRequirement } from './generated/access.js';
