// Request (and, in tests, response) validation against the merged OpenAPI document. Path params and
// query strings are coerced to their declared types; bodies are validated as sent.
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import spec from '../generated/spec.json' with { type: 'json' };
import type { RouteSpec } from '../generated/routes.js';
import { BadRequestError, InternalError, UnprocessableError } from './errors.js';

const Ajv2020 = AjvModule.default;
const addFormats = formatsModule.default;

type Json = Record<string, unknown>;
interface Parameter { name: string; in: string; required?: boolean; schema?: Json }
const componentsId = 'localscale:components';

/** Point internal refs at the components document registered with Ajv. */
function rebase<T>(node: T): T {
  if (Array.isArray(node)) return node.map(rebase) as T;
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${componentsId}${v}` : rebase(v);
    }
    return out as T;
  }
  return node;
}

const doc = spec as unknown as { paths: Record<string, Record<string, Json>>; components: Record<string, Record<string, Json>> };
const components = rebase(doc.components);

function deref<T>(node: T): T {
  const ref = (node as { $ref?: string } | undefined)?.$ref;
  if (!ref) return node;
  const [, kind, name] = /#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
  return deref(components[kind!]?.[name!] as T);
}

function newAjv(coerce: boolean) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes: coerce, useDefaults: coerce, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: componentsId, components }, componentsId);
  return ajv;
}
const paramAjv = newAjv(true);
const bodyAjv = newAjv(false);

interface OperationValidators {
  params: ValidateFunction;
  query: ValidateFunction;
  body?: { validate: ValidateFunction; required: boolean };
  responses: Map<string, Json | undefined>;
}

const fieldOf = (e: ErrorObject, root: string) => {
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  const pointer = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const path = [pointer, missing].filter(Boolean).join('.');
  return path ? `${root}${root && path ? '.' : ''}${path}` : root;
};

export function describeErrors(errors: ErrorObject[] | null | undefined, root: string) {
  const e = errors?.[0];
  if (!e) return { field: root, message: `${root} is invalid` };
  const field = fieldOf(e, root);
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  if (e.keyword === 'required') return { field, message: `${field} is required` };
  if (allowed) return { field, message: `${field} must be one of: ${allowed.map(String).join(', ')}` };
  return { field, message: `${field || 'value'} ${e.message ?? 'is invalid'}` };
}

function objectSchema(params: Parameter[]): Json {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

const cache = new Map<string, OperationValidators>();

function validatorsFor(route: RouteSpec): OperationValidators {
  const hit = cache.get(route.operationId);
  if (hit) return hit;
  const item = doc.paths[route.path]!;
  const op = rebase(item[route.method]!) as Json;
  // Operation-level parameters override path-level ones of the same name and location (OpenAPI rule).
  const byKey = new Map<string, Parameter>();
  for (const p of [...((rebase(item.parameters) as unknown as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])]) {
    const param = deref(p) as unknown as Parameter;
    byKey.set(`${param.in}:${param.name}`, param);
  }
  const params = [...byKey.values()];
  const requestBody = deref(op.requestBody as Json | undefined) as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
  const bodySchema = requestBody?.content?.['application/json']?.schema;
  const responses = new Map<string, Json | undefined>();
  for (const [status, r] of Object.entries((op.responses as Json) ?? {})) {
    const resolved = deref(r as Json) as { content?: Record<string, { schema?: Json }> };
    responses.set(status, resolved.content?.['application/json']?.schema);
  }
  const built: OperationValidators = {
    params: paramAjv.compile(objectSchema(params.filter((p) => p.in === 'path'))),
    query: paramAjv.compile(objectSchema(params.filter((p) => p.in === 'query'))),
    body: bodySchema ? { validate: bodyAjv.compile(bodySchema), required: requestBody?.required === true } : undefined,
    responses,
  };
  cache.set(route.operationId, built);
  return built;
}

export function operationHasBody(route: RouteSpec): boolean {
  return validatorsFor(route).body !== undefined;
}

/** Validates and coerces in place; returns the typed-at-runtime values. */
export function validateRequest(route: RouteSpec, input: { params: Json; query: Json; body: unknown }) {
  const v = validatorsFor(route);
  if (!v.params(input.params)) {
    const { message } = describeErrors(v.params.errors, '');
    throw new BadRequestError(`Invalid path parameter: ${message}`);
  }
  if (!v.query(input.query)) {
    const { message } = describeErrors(v.query.errors, '');
    throw new BadRequestError(`Invalid query parameter: ${message}`);
  }
  // Coercion turns "1e309" into Infinity, which passes as an integer and then reaches SQL.
  for (const [where, values] of [['path', input.params], ['query', input.query]] as const) {
    const name = Object.keys(values).find((k) => typeof values[k] === 'number' && !Number.isFinite(values[k]));
    if (name !== undefined) throw new BadRequestError(`Invalid ${where} parameter: ${name} must be a finite number`);
  }
  if (v.body) {
    if (input.body === undefined) {
      if (v.body.required) throw new UnprocessableError('A JSON request body is required', { field: 'body' });
    } else if (!v.body.validate(input.body)) {
      const { field, message } = describeErrors(v.body.validate.errors, '');
      throw new UnprocessableError(`Invalid request body: ${message}`, { field: field || 'body' });
    }
  }
}

const responseValidators = new Map<string, ValidateFunction | null>();

/** Used in tests: a response that the spec does not allow is a server bug. */
export function validateResponse(route: RouteSpec, status: number, body: unknown): void {
  const key = `${route.operationId} ${status}`;
  let validate = responseValidators.get(key);
  if (validate === undefined) {
    const v = validatorsFor(route);
    const declared = v.responses.has(String(status)) ? String(status) : v.responses.has('default') ? 'default' : undefined;
    if (!declared) throw new InternalError(`response validation: ${route.operationId} does not declare status ${status}`);
    const schema = v.responses.get(declared);
    validate = schema ? bodyAjv.compile(schema) : null;
    responseValidators.set(key, validate);
  }
  if (validate === null) {
    if (body !== undefined && body !== null && body !== '') throw new InternalError(`response validation: ${route.operationId} ${status} must have no body`);
    return;
  }
  if (!validate(body)) {
    const { message } = describeErrors(validate.errors, 'response');
    throw new InternalError(`response validation: ${route.operationId} ${status}: ${message}`);
  }
}

const errorEnvelopeSchema = bodyAjv.compile({ $ref: `${componentsId}#/components/schemas/Error` });

export function validateErrorEnvelope(body: unknown): void {
  if (!errorEnvelopeSchema(body)) throw new Error(`error envelope does not match the spec: ${JSON.stringify(body)}`);
}
