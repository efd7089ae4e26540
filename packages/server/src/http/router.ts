// Mounts every operation of the generated route table. Each route authenticates, reads and validates
// its input against the spec, then calls its handler, or answers 501 while the handler is missing.
import Router from '@koa/router';
import type { Context } from 'koa';
import { routes, type OperationId, type RouteSpec } from '../generated/routes.js';
import { anonymous, authenticate, type AuthConfig, type Principal, type TokenDirectory } from './auth.js';
import type { Authorize } from './authorize.js';
import { readJsonBody } from './body.js';
import { visibilityOf } from '../access/grants.js';
import { BadRequestError, NotImplementedError } from './errors.js';
import type { Handlers, RequestInfo } from './operation-types.js';

type RuntimeHandler = (input: { params: unknown; query: unknown; body: unknown; request: RequestInfo }) =>
  Promise<{ status: number; body: unknown }>;
import { operationHasBody, validateRequest, validateResponse } from './validation.js';

export interface RouterOptions {
  handlers: Handlers;
  auth: AuthConfig;
  /** Service tokens made through the API, for strict mode. */
  tokens?: TokenDirectory;
  /** The authorization step (http/authorize.ts); without it every credential may do everything. */
  authorize?: Authorize;
  maxBodyBytes: number;
  /** Check every response against the spec (tests turn this on). */
  validateResponses: boolean;
}

/** `/health` is open; `/admin/*` is open in permissive mode like upstream; the API always needs a credential. */
async function principalFor(route: RouteSpec, header: string | undefined, auth: AuthConfig, tokens: TokenDirectory | undefined): Promise<Principal> {
  if (route.path === '/health') return anonymous;
  if (route.path.startsWith('/admin/') && auth.mode === 'permissive' && !header) return anonymous;
  return authenticate(header, auth, tokens);
}

function requestOrigin(ctx: Context): { origin: string; hostname: string } {
  return { origin: `${ctx.protocol}://${ctx.host}`, hostname: ctx.hostname || '127.0.0.1' };
}

export function buildRouter(options: RouterOptions): Router {
  const router = new Router();
  for (const route of routes) {
    router[route.method](route.koaPath, async (ctx) => {
      const principal = await principalFor(route, ctx.get('authorization') || undefined, options.auth, options.tokens);
      // Handlers are typed per operation; at this generic seam they are one runtime shape.
      const handler = options.handlers[route.operationId as OperationId] as unknown as RuntimeHandler | undefined;
      const params = { ...ctx.params } as Record<string, unknown>;
      for (const [k, v] of Object.entries(params)) {
        if (typeof v === 'string' && /[\u0000-\u001f]/.test(v)) throw new BadRequestError(`Invalid path parameter: ${k} contains control characters`);
      }
      // Refused before the body is read: a credential without access learns nothing from validation.
      const visible = options.authorize ? await options.authorize(route.operationId as OperationId, principal, params) : visibilityOf(principal.grants);
      const body = operationHasBody(route) ? await readJsonBody(ctx.req, options.maxBodyBytes) : undefined;
      const query = { ...ctx.query } as Record<string, unknown>;
      validateRequest(route, { params, query, body });
      if (!handler) throw new NotImplementedError(route.operationId);
      const input = {
        params, query, body,
        request: { requestId: ctx.state.requestId as string, principal, visible, ...requestOrigin(ctx) },
      };
      const result = await handler(input);
      if (options.validateResponses) validateResponse(route, result.status, result.body);
      ctx.status = result.status;
      if (result.status !== 204) ctx.body = result.body;
      ctx.state.operationId = route.operationId;
    });
  }
  return router;
}
