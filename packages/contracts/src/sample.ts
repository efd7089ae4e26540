// The smallest value a JSON Schema (as used by LocalScale's OpenAPI document) accepts: required
// properties only, first enum value, minimums. Enough to build a request that passes validation.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type SchemaNode = { [key: string]: unknown };

export type Resolve = (node: SchemaNode) => SchemaNode;

/** Follows local `$ref`s (`#/components/...`) inside `doc`. */
export function refResolver(doc: unknown): Resolve {
  const resolve: Resolve = (node) => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    let target: unknown = doc;
    for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!target || typeof target !== 'object') throw new Error(`unresolvable $ref ${ref}`);
    return resolve(target as SchemaNode);
  };
  return resolve;
}

const firstType = (type: unknown): string | undefined =>
  Array.isArray(type) ? (type.find((t) => t !== 'null') as string | undefined) ?? 'null' : (type as string | undefined);

export function sampleOf(schema: SchemaNode, resolve: Resolve, depth = 0): Json {
  if (depth > 20) throw new Error('schema too deep to sample');
  const s = resolve(schema);
  if ('const' in s) return s.const as Json;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0] as Json;
  if ('default' in s) return s.default as Json;
  if (Array.isArray(s.allOf)) {
    const parts = s.allOf.map((p) => sampleOf(p as SchemaNode, resolve, depth + 1));
    return Object.assign({}, ...parts.filter((p) => p && typeof p === 'object' && !Array.isArray(p))) as Json;
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key]) && (s[key] as unknown[]).length) return sampleOf((s[key] as SchemaNode[])[0]!, resolve, depth + 1);
  }
  const type = firstType(s.type) ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, SchemaNode>;
      const required = (s.required ?? []) as string[];
      return Object.fromEntries(required.map((name) => [name, props[name] ? sampleOf(props[name], resolve, depth + 1) : 'probe']));
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: min }, () => sampleOf((s.items ?? {}) as SchemaNode, resolve, depth + 1));
    }
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? Math.max(s.minimum, type === 'integer' ? 1 : 0) : 1;
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'string': {
      if (s.format === 'date-time') return '2026-01-01T00:00:00.000Z';
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      return 'probe'.padEnd(min, 'x');
    }
    default:
      return {};
  }
}
