// Loads the two spec documents and merges them into the one document the server serves.
// planetscale.yaml is relative to PlanetScale's /v1 base; localscale.yaml is absolute from the server
// root and may $ref planetscale.yaml's components, so the merge prefixes and re-points those.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const specFiles = {
  planetscale: path.join(workspaceRoot, 'openapi/planetscale.yaml'),
  localscale: path.join(workspaceRoot, 'openapi/localscale.yaml'),
} as const;

export type Surface = keyof typeof specFiles;
export const planetscaleBasePath = '/v1';
export const httpMethods = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** An OpenAPI document as plain JSON; only the parts codegen reads are typed. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [k: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
}

export async function loadDocument(file: string): Promise<OpenApiDocument> {
  const doc = YAML.parse(await readFile(file, 'utf8'), { maxAliasCount: -1 }) as OpenApiDocument;
  if (!doc || typeof doc !== 'object' || !doc.paths) throw new Error(`${file}: not an OpenAPI document (no paths)`);
  return doc;
}

export async function loadDocuments(): Promise<Record<Surface, OpenApiDocument>> {
  return { planetscale: await loadDocument(specFiles.planetscale), localscale: await loadDocument(specFiles.localscale) };
}

const externalRef = /^\.\/planetscale\.yaml#/;

function repointRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(repointRefs) as T;
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace(externalRef, '#') : repointRefs(v);
    }
    return out as T;
  }
  return node;
}

function mergeComponents(a: OpenApiDocument['components'] = {}, b: OpenApiDocument['components'] = {}) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const kind of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const left = a[kind] ?? {}, right = b[kind] ?? {};
    for (const name of Object.keys(right)) {
      if (name in left) throw new Error(`components.${kind}.${name} is defined in both spec files`);
    }
    out[kind] = { ...left, ...right };
  }
  return out;
}

/** The LocalScale-only document, self-contained (planetscale components pulled in). */
export function localscaleStandalone(docs: Record<Surface, OpenApiDocument>): OpenApiDocument {
  const local = repointRefs(docs.localscale);
  return { ...local, components: mergeComponents(docs.planetscale.components, local.components) };
}

/** Everything the server serves, every path absolute from the server root. */
export function mergedDocument(docs: Record<Surface, OpenApiDocument>): OpenApiDocument {
  const local = localscaleStandalone(docs);
  const paths: OpenApiDocument['paths'] = {};
  for (const [p, item] of Object.entries(docs.planetscale.paths)) paths[planetscaleBasePath + p] = item;
  for (const [p, item] of Object.entries(local.paths)) {
    const existing = paths[p] ?? {};
    // A LocalScale extension may add a method to a PlanetScale path (POST .../schema beside GET).
    for (const m of httpMethods) {
      if (existing[m] && item[m]) throw new Error(`${m.toUpperCase()} ${p} is declared in both spec files`);
    }
    paths[p] = { ...existing, ...item };
  }
  return {
    openapi: docs.planetscale.openapi,
    info: { title: 'LocalScale (PlanetScale API + LocalScale surface)', version: docs.planetscale.info.version },
    servers: [{ url: '/' }],
    security: docs.planetscale.security,
    tags: [...((docs.planetscale.tags as unknown[]) ?? []), ...((local.tags as unknown[]) ?? [])],
    paths,
    components: local.components,
  };
}

export interface OperationRef {
  operationId: string;
  method: HttpMethod;
  path: string;
  surface: Surface;
  operation: Record<string, unknown>;
}

/** Operations of one document, in document order. */
export function operationsOf(doc: OpenApiDocument, surface: Surface, prefix = ''): OperationRef[] {
  const ops: OperationRef[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const method of httpMethods) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      ops.push({ operationId: String(operation.operationId ?? ''), method, path: prefix + p, surface, operation });
    }
  }
  return ops;
}

export function allOperations(docs: Record<Surface, OpenApiDocument>): OperationRef[] {
  return [...operationsOf(docs.planetscale, 'planetscale', planetscaleBasePath), ...operationsOf(docs.localscale, 'localscale')];
}
