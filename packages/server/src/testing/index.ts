// `@localscale/server/testing`: what other packages' test suites (the Pact contracts) need to run a
// whole LocalScale in-process and to know the operations it declares. Not part of the server's API.
import spec from '../generated/spec.json' with { type: 'json' };

export { startLocalScale, type LocalScale, type StartOptions } from '../runtime.js';
export { resolveConfig, type RawConfig, type ConfigOverrides } from '../config/load.js';
export { createLogger, type Logger } from '../logging.js';
export { routes, type RouteSpec, type OperationId } from '../generated/routes.js';

/** The merged OpenAPI document LocalScale validates requests against (both surfaces). */
export const openApiDocument: unknown = spec;
