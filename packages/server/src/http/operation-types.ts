// Handler types derived from the generated spec types: a handler for operation K receives exactly
// K's path params, query and body, and may only return one of K's success statuses with its body,
// so returning what the spec does not allow is a compile error.
import type { operations } from '../generated/openapi.js';
import type { OperationId } from '../generated/routes.js';
import type { Visibility } from '../access/grants.js';
import type { Principal } from './auth.js';

type Op<K extends OperationId> = operations[K];
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;
type Defined<T> = [T] extends [never] ? Record<string, never> : NonNullable<T>;

export type PathParams<K extends OperationId> = Op<K>['parameters'] extends { path: infer P } ? Defined<P> : Record<string, never>;
export type QueryParams<K extends OperationId> = Op<K>['parameters'] extends { query?: infer Q } ? Partial<Defined<Q>> : Record<string, never>;
export type RequestBody<K extends OperationId> = Op<K> extends { requestBody: infer R } ? JsonOf<R>
  : Op<K> extends { requestBody?: infer R } ? JsonOf<NonNullable<R>> | undefined : undefined;

type SuccessStatus<K extends OperationId> = Extract<keyof Op<K>['responses'], 200 | 201 | 202 | 204>;
export type HandlerResult<K extends OperationId> = {
  [S in SuccessStatus<K>]: { status: S; body: JsonOf<Op<K>['responses'][S]> };
}[SuccessStatus<K>];
export type ResponseBody<K extends OperationId, S extends SuccessStatus<K>> = JsonOf<Op<K>['responses'][S]>;

/** What a handler knows about the request beyond its typed inputs. */
export interface RequestInfo {
  readonly requestId: string;
  readonly principal: Principal;
  /** What list operations show: the organizations and databases the credential can see (authorize.ts decides). */
  readonly visible: Visibility;
  /** The API's own base URL as the client reached it (scheme, host), for `url`/`html_url` fields. */
  readonly origin: string;
  /** The Host header (without port) the client used. */
  readonly hostname: string;
}

export interface HandlerInput<K extends OperationId> {
  params: PathParams<K>;
  query: QueryParams<K>;
  body: RequestBody<K>;
  request: RequestInfo;
}

export type Handler<K extends OperationId> = (input: HandlerInput<K>) => Promise<HandlerResult<K>>;
export type Handlers = { [K in OperationId]?: Handler<K> };
