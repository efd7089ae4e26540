// The Koa application: request context, the error envelope, then the spec's routes. Anything that
// matches no route falls through to a 404 envelope.
import Koa from 'koa';
import type { AuthConfig, TokenDirectory } from './http/auth.js';
import type { Authorize } from './http/authorize.js';
import { errorEnvelope, requestContext } from './http/middleware.js';
import type { Handlers } from './http/operation-types.js';
import { buildRouter } from './http/router.js';
import type { Logger } from './logging.js';

export interface AppOptions {
  handlers: Handlers;
  auth: AuthConfig;
  /** Service tokens made through the API (strict mode). */
  tokens?: TokenDirectory;
  /** The authorization step; without it every credential may do everything. */
  authorize?: Authorize;
  log: Logger;
  maxBodyBytes: number;
  /** Validate every response against the spec; on in tests. */
  validateResponses?: boolean;
}

export function createApp(options: AppOptions): Koa {
  const app = new Koa({ proxy: false });
  // Errors never escape the envelope middleware; Koa's own reporter would only print duplicates.
  app.silent = true;
  const router = buildRouter({
    handlers: options.handlers, auth: options.auth, tokens: options.tokens, authorize: options.authorize, maxBodyBytes: options.maxBodyBytes,
    validateResponses: options.validateResponses ?? false,
  });
  app.use(requestContext(options.log));
  app.use(errorEnvelope(options.log, options.validateResponses ?? false));
  app.use(router.routes());
  return app;
}
