// The edge of every request: a request id, one log line, and the single place where failures become
// PlanetScale's `{"code","message"}` envelope (never a stack trace).
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../logging.js';
import { NotFoundError, toApiError, type ApiError } from './errors.js';
import { validateErrorEnvelope } from './validation.js';

const acceptableRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(log: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = acceptableRequestId.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info('request', {
        request_id: requestId, method: ctx.method, path: ctx.path, status: ctx.status,
        operation: ctx.state.operationId, ms: Math.round(ms * 10) / 10,
      });
    }
  };
}

export function errorEnvelope(log: Logger, checkEnvelope: boolean): Middleware {
  return async (ctx, next) => {
    let error: ApiError | undefined;
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) error = new NotFoundError();
    } catch (err) {
      error = toApiError(err);
      const level = error.status >= 500 && error.status !== 501 && error.status !== 503 ? 'error' : 'debug';
      log[level]('request failed', {
        request_id: ctx.state.requestId, status: error.status, code: error.code,
        error: err instanceof Error ? err.message : String(err),
        stack: level === 'error' && err instanceof Error ? err.stack : undefined,
      });
    }
    if (!error) return;
    ctx.status = error.status;
    ctx.type = 'application/json';
    ctx.body = { code: error.code, message: error.message };
    if (checkEnvelope) validateErrorEnvelope(ctx.body);
  };
}
