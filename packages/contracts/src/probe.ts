// Which operations a running LocalScale implements, by asking it. An operation without a handler
// answers 501 `not_implemented`, but only once its request has passed validation, so each probe sends
// the smallest request the spec accepts, addressed to an organization that does not exist: an
// implemented handler then answers 404 and changes nothing.
import { openApiDocument } from '@localscale/server';
import { declaredOperations, type Operation } from './operations.js';
import { refResolver, sampleOf, type SchemaNode } from './sample.js';

export const probeOrganization = 'contracts-probe-no-such-org';

export interface ProbeResult { operation: Operation; status: number; implemented: boolean }

export class ProbeError extends Error {
  override readonly name = 'ProbeError';
}

interface OpenApi { paths: Record<string, Record<string, SchemaNode>> }
const doc = openApiDocument as OpenApi;
const resolve = refResolver(openApiDocument);

/** The request a probe sends for one operation: path with sample parameters, and a sample body. */
export function probeRequest(operation: Operation): { path: string; body: string | undefined } {
  const item = doc.paths[operation.path];
  const op = item?.[operation.method];
  if (!item || !op) throw new ProbeError(`${operation.operationId}: ${operation.method.toUpperCase()} ${operation.path} is not in the OpenAPI document`);
  const params = [...((item.parameters ?? []) as unknown as SchemaNode[]), ...((op.parameters ?? []) as SchemaNode[])].map(resolve);
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === 'organization') return probeOrganization;
    const param = params.find((p) => p.in === 'path' && p.name === name);
    const value = sampleOf((param?.schema ?? { type: 'string' }) as SchemaNode, resolve);
    return encodeURIComponent(typeof value === 'string' ? value : String(value));
  });
  const query = new URLSearchParams();
  for (const p of params.filter((p) => p.in === 'query' && p.required === true)) {
    query.set(p.name as string, String(sampleOf((p.schema ?? {}) as SchemaNode, resolve)));
  }
  const content = (resolve((op.requestBody ?? {}) as SchemaNode).content ?? {}) as Record<string, { schema?: SchemaNode }>;
  const bodySchema = content['application/json']?.schema;
  return { path: query.size ? `${path}?${query}` : path, body: bodySchema ? JSON.stringify(sampleOf(bodySchema, resolve)) : undefined };
}

/** Messages of LocalScale's request validation: a probe that gets one learned nothing. */
const validationFailure = /^(Invalid (path|query) parameter|Invalid request body|A JSON request body is required)/;

export async function probeOperation(serverUrl: string, operation: Operation): Promise<ProbeResult> {
  const { path, body } = probeRequest(operation);
  const response = await fetch(`${serverUrl.replace(/\/+$/, '')}${path}`, {
    method: operation.method.toUpperCase(),
    headers: { Authorization: 'contracts-probe:contracts-probe', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body,
  });
  const text = await response.text();
  let message = '';
  try { message = String((JSON.parse(text) as { message?: unknown }).message ?? ''); } catch { /* not JSON */ }
  if ((response.status === 400 || response.status === 422) && validationFailure.test(message)) {
    throw new ProbeError(`the probe of ${operation.operationId} was rejected by request validation (${response.status}: ${message}); fix its sample request`);
  }
  return { operation, status: response.status, implemented: response.status !== 501 };
}

/** Probes every declared operation of the server at `serverUrl` (its root, not /v1). */
export async function probeOperations(serverUrl: string, operations: readonly Operation[] = declaredOperations): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const operation of operations) results.push(await probeOperation(serverUrl, operation));
  return results;
}

export const implementedSet = (results: readonly ProbeResult[]) =>
  new Set(results.filter((r) => r.implemented).map((r) => r.operation.operationId));
