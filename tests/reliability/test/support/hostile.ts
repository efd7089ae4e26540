// Hostile input for every operation of the route table: path segments, query strings, headers and
// bodies that are random, adversarial (quoting, traversal, encodings, huge, unicode, numbers that are
// not numbers) or plausible (shaped by the operation's own request schema but filled with hostile
// values), so that some requests pass validation and reach the handlers and SQL.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { RouteSpec } from '@localscale/server';

type Json = Record<string, any>;
export interface OpenApi { paths: Record<string, Record<string, Json>>; components: Record<string, Record<string, Json>> }

/** The merged spec LocalScale serves, as the server's generated copy of it. */
export const spec: OpenApi = JSON.parse(readFileSync(new URL('../../../../packages/server/src/generated/spec.json', import.meta.url), 'utf8'));

export const deref = (node: Json | undefined): Json | undefined => {
  const ref = node?.$ref as string | undefined;
  if (!ref) return node;
  const [, kind, name] = /#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
  return deref(spec.components[kind!]?.[name!]);
};

export function operationOf(route: RouteSpec): Json {
  return spec.paths[route.path]![route.method]!;
}

export function queryParameters(route: RouteSpec): Json[] {
  return ((operationOf(route).parameters ?? []) as Json[]).map((p) => deref(p)!).filter((p) => p.in === 'query');
}

export function bodySchema(route: RouteSpec): Json | undefined {
  return deref(deref(operationOf(route).requestBody)?.content?.['application/json']?.schema);
}

/** Statements that must never run: a canary table and schema prove it afterwards. */
export const injections = (canarySchema: string) => [
  "x`; DROP TABLE canary; --", "x'; DROP TABLE canary; -- ", 'x"; DROP TABLE canary; -- ', "main` WHERE 1=1; DROP TABLE `canary",
  `x\`; DROP DATABASE \`${canarySchema}\`; --`, "' OR '1'='1", "') OR 1=1 -- ", "1; DROP TABLE canary", "1 OR 1=1", "' UNION SELECT * FROM canary -- ",
  "app`.`canary", `\`${canarySchema}\`.\`canary\``, 'canary`; TRUNCATE canary; --', "\\'; DELETE FROM canary; -- ", '*/ DROP TABLE canary /*',
];

export const oddities = [
  '`', "'", '"', '\\', '../', '../../etc/passwd', '..%2F..%2F', '%2e%2e%2f', '%00', '\u0000', 'a%20b', '%', '%zz', '%E0%A4%A', 'ü', '😀', '\u202e', 'Ω≈ç√',
  '名前', '\ud800', ' ', '', '\t', '\n', 'CON', 'NUL', '.', '..', 'main/..', 'a/b', '?x=1', '#frag', ';', 'x'.repeat(64), 'x'.repeat(10_000), 'é'.repeat(3000),
];

export const numberish = ['-1', '0', '1', '1.5', '-0', 'NaN', 'Infinity', '1e309', '1e3', '0x10', '99999999999999999999', '9'.repeat(400), ' 1', '1 ', 'true', 'null', '[]', '{}'];

export const authorizations = [
  '', 'Bearer', 'Bearer ', ':', 'a:', ':b',
  'Basic dXNlcjpwYXNz', `Bearer ${'a'.repeat(600)}`, 'id:tok:extra', 'id:tök', `${'x'.repeat(8000)}:y`, 'Bearer a b', 'null', 'id: secret', '\u00ff:\u00ff',
];

const words = (canarySchema: string, valid: readonly string[]) => fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...valid) },
  { weight: 3, arbitrary: fc.constantFrom(...oddities, ...injections(canarySchema)) },
  { weight: 1, arbitrary: fc.constantFrom(...numberish) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

export interface Context {
  canarySchema: string;
  /** Real values per path parameter name, so that some requests reach deep into the handlers. */
  valid: Record<string, readonly string[]>;
}

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Values shaped like a JSON schema, filled with hostile content. */
function fromSchema(schema: Json | undefined, ctx: Context, depth = 0): fc.Arbitrary<unknown> {
  let s = deref(schema);
  if (!s || depth > 4) return anyJson;
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as Json[]).map((p) => deref(p) ?? {});
    s = { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})), required: parts.flatMap((p) => p.required ?? []) };
  }
  const alternatives = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromSchema(a, ctx, depth + 1)));
  const strings = words(ctx.canarySchema, ['main', 'feature', 'app', 'acme', 'shop', 'CREATE TABLE fuzz_t (id int PRIMARY KEY)', 'ALTER TABLE t ADD COLUMN z int', 'SELECT 1']);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const wrong = fc.oneof(anyJson, fc.constantFrom(null, -1, 1e308, '', [], {}));
  let right: fc.Arbitrary<unknown>;
  switch (type) {
    case 'object': {
      const props = Object.entries((s.properties ?? {}) as Record<string, Json>);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of props) record[k] = fromSchema(v, ctx, depth + 1);
      const shaped = props.length
        ? fc.record(record, { requiredKeys: ((s.required ?? []) as string[]).filter((k) => k in record) })
        : fc.dictionary(strings, fromSchema(s.additionalProperties === true || s.additionalProperties === undefined ? undefined : s.additionalProperties, ctx, depth + 1), { maxKeys: 4 });
      right = fc.tuple(shaped, fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 2 })).map(([a, extra]) => ({ ...extra, ...(a as object) }));
      break;
    }
    case 'array': right = fc.array(fromSchema(s.items, ctx, depth + 1), { maxLength: 4 }); break;
    case 'integer': right = fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 1, 95, 96, 2 ** 31, 2 ** 53, -(2 ** 53))); break;
    case 'number': right = fc.oneof(fc.double(), fc.constantFrom(-1, 0, 0.5, 0.95, 1, 95, 1e308)); break;
    case 'boolean': right = fc.boolean(); break;
    case 'string': right = s.enum ? fc.oneof(fc.constantFrom(...(s.enum as string[])), strings) : strings; break;
    default: right = anyJson;
  }
  return fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** encodeURIComponent, also for strings with lone surrogates (sent as U+FFFD, as a browser would). */
const encode = (v: string) => encodeURIComponent(v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

export interface HostileRequest { path: string; method: string; headers: Record<string, string>; body?: string }

const encodeSegment = fc.constantFrom<(v: string) => string>(
  encode, encode, encode,
  (v) => encodeURIComponent(encode(v)),
  // As typed: slashes, dot segments, quotes and percent signs go on the wire as they are.
  (v) => v.replace(/[^\x21-\x7e]|[#?]/gu, (c) => encode(c)),
);

export function requestFor(route: RouteSpec, ctx: Context): fc.Arbitrary<HostileRequest> {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const segments = fc.tuple(...names.map((n) => fc.tuple(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(ctx.valid[n] ?? ['x'])) }, { weight: 1, arbitrary: words(ctx.canarySchema, ctx.valid[n] ?? ['x']) }),
    encodeSegment,
  ).map(([v, enc]) => enc(v))));
  const queryParams = queryParameters(route);
  const query = fc.array(fc.tuple(
    fc.oneof(fc.constantFrom(...queryParams.map((p) => String(p.name)), 'page', 'per_page'), fc.string({ maxLength: 10 })),
    fc.oneof(fc.constantFrom(...numberish), words(ctx.canarySchema, ['main', 'open', 'closed', 'true', 'false'])),
  ), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
  const schema = bodySchema(route);
  const body: fc.Arbitrary<string | undefined> = fc.oneof(
    { weight: schema ? 6 : 1, arbitrary: fromSchema(schema, ctx).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '\u0000', '{"name": "\ud800"}', `{"name":"${'x'.repeat(20_000)}"}`)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const headers = fc.record({
    // Mostly a valid credential, so that the rest of the request is what gets tested.
    authorization: fc.oneof({ weight: 6, arbitrary: fc.constant('reliability-id:reliability-token') }, { weight: 1, arbitrary: fc.constantFrom(...authorizations) }),
    'content-type': fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', '', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
    'x-request-id': fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }).filter((s) => /^[\x20-\x7e]*$/.test(s)), fc.constant('x'.repeat(300))),
    accept: fc.constantFrom('', 'application/json', '*/*', 'text/html', 'application/xml'),
  });
  return fc.record({ segments, query, body, headers }).map(({ segments: values, query: q, body: b, headers: h }) => {
    let i = 0;
    const path = route.path.replace(/\{[^}]+\}/g, () => values[i++]!) + (q ? `?${q}` : '');
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) if (v !== '') clean[k] = v;
    return { path, method: route.method.toUpperCase(), headers: clean, body: route.method === 'get' ? undefined : b };
  });
}
