// Every failure leaves the server as PlanetScale's envelope `{"code","message"}`. Handlers and
// services throw these; the error middleware is the only place that turns them into responses.
import { DomainError, type DomainErrorKind } from '@localscale/mysql';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string, details?: Record<string, unknown>) { super(400, 'bad_request', message, details); }
}
export class UnauthorizedError extends ApiError {
  constructor(message = 'Unauthorized: a valid Authorization header is required') { super(401, 'unauthorized', message); }
}
export class ForbiddenError extends ApiError {
  constructor(message = 'Forbidden') { super(403, 'forbidden', message); }
}
export class NotFoundError extends ApiError {
  constructor(message = 'Not Found') { super(404, 'not_found', message); }
}
export class ConflictError extends ApiError {
  constructor(message: string) { super(409, 'conflict', message); }
}
export class PayloadTooLargeError extends ApiError {
  constructor(limit: number) { super(413, 'payload_too_large', `Request body is larger than the limit of ${limit} bytes`); }
}
export class UnprocessableError extends ApiError {
  constructor(message: string, details?: Record<string, unknown>) { super(422, 'unprocessable', message, details); }
}
export class TooManyRequestsError extends ApiError {
  constructor(message: string) { super(429, 'too_many_requests', message); }
}
export class NotImplementedError extends ApiError {
  constructor(operationId: string) {
    super(501, 'not_implemented', `${operationId} is declared in LocalScale's spec but not implemented yet`);
  }
}
export class ServiceUnavailableError extends ApiError {
  constructor(message = 'The database server behind LocalScale is unavailable; try again shortly') {
    super(503, 'service_unavailable', message);
  }
}
export class InternalError extends ApiError {
  constructor(message = 'Internal server error') { super(500, 'internal_server_error', message); }
}

/** Failures of the MySQL connection itself (not of a statement): the server is down or restarting. */
const unavailableCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'POOL_CLOSED', 'ENOTCONN', 'EHOSTUNREACH',
]);

export function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  return (err as { fatal?: unknown } | null)?.fatal === true;
}


/**
 * Domain packages (mysql, vitess, deploy-engine) know nothing of HTTP; their errors are DomainErrors
 * whose `kind` names the failure, and this is the one place where kinds become statuses.
 */
const statusOf: { [K in DomainErrorKind]: (message: string) => ApiError } = {
  not_found: (m) => new NotFoundError(m),
  conflict: (m) => new ConflictError(m),
  invalid: (m) => new UnprocessableError(m),
  bad_request: (m) => new BadRequestError(m),
  forbidden: (m) => new ForbiddenError(m),
  unavailable: (m) => new ServiceUnavailableError(m),
};

export function fromDomainError(err: unknown): ApiError | undefined {
  return err instanceof DomainError ? statusOf[err.kind](err.message) : undefined;
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isUnavailable(err)) return new ServiceUnavailableError();
  return fromDomainError(err) ?? new InternalError();
}
