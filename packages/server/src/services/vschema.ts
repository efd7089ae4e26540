// VSchema documents as PlanetScale accepts them: JSON objects shaped like Vitess's vschema.Keyspace.
// Anything else is a 422 with the offending path named.
import { readKeyspaceVSchema, VitessError } from '@localscale/vitess';
import { UnprocessableError } from '../http/errors.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const keyspaceKeys = new Set(['sharded', 'vindexes', 'tables', 'require_explicit_routing', 'foreign_key_mode', 'multi_tenant_spec', 'cross_tablet']);
const tableKeys = new Set(['type', 'column_vindexes', 'auto_increment', 'columns', 'pinned', 'column_list_authoritative', 'source']);
const foreignKeyModes = new Set(['unspecified', 'disallow', 'unmanaged', 'managed', 'FK_UNSPECIFIED', 'FK_DISALLOW', 'FK_UNMANAGED', 'FK_MANAGED']);

export function parseVSchema(input: unknown): Json {
  let doc = input;
  if (typeof input === 'string') {
    try { doc = JSON.parse(input); } catch (err) { throw new UnprocessableError(`Invalid VSchema: not valid JSON (${(err as Error).message})`); }
  }
  const fail = (path: string, message: string): never => { throw new UnprocessableError(`Invalid VSchema: ${path} ${message}`); };
  if (!isObject(doc)) return fail('(document)', 'must be a JSON object');
  for (const key of Object.keys(doc)) if (!keyspaceKeys.has(key)) fail(key, 'is not a VSchema keyspace field');
  if (doc.sharded !== undefined && typeof doc.sharded !== 'boolean') fail('sharded', 'must be true or false');
  if (doc.require_explicit_routing !== undefined && typeof doc.require_explicit_routing !== 'boolean') fail('require_explicit_routing', 'must be true or false');
  if (doc.foreign_key_mode !== undefined && !foreignKeyModes.has(String(doc.foreign_key_mode))) fail('foreign_key_mode', 'must be unspecified, disallow, unmanaged or managed');
  const vindexes = doc.vindexes ?? {};
  if (!isObject(vindexes)) return fail('vindexes', 'must be an object');
  for (const [name, v] of Object.entries(vindexes)) {
    if (!isObject(v) || typeof v.type !== 'string' || !v.type) fail(`vindexes.${name}`, 'must be an object with a "type"');
    const vi = v as Json;
    if (vi.params !== undefined && (!isObject(vi.params) || Object.values(vi.params).some((p) => typeof p !== 'string'))) fail(`vindexes.${name}.params`, 'must map names to strings');
  }
  const tables = doc.tables ?? {};
  if (!isObject(tables)) return fail('tables', 'must be an object');
  for (const [name, t] of Object.entries(tables)) {
    if (!isObject(t)) return fail(`tables.${name}`, 'must be an object');
    for (const key of Object.keys(t)) if (!tableKeys.has(key)) fail(`tables.${name}.${key}`, 'is not a VSchema table field');
    if (t.type !== undefined && !['', 'sequence', 'reference'].includes(String(t.type))) fail(`tables.${name}.type`, 'must be "", "sequence" or "reference"');
    const cvs = t.column_vindexes ?? [];
    if (!Array.isArray(cvs)) return fail(`tables.${name}.column_vindexes`, 'must be an array');
    cvs.forEach((cv, i) => {
      const at = `tables.${name}.column_vindexes[${i}]`;
      if (!isObject(cv) || typeof cv.name !== 'string') return fail(at, 'must be an object with a vindex "name"');
      if (typeof cv.column !== 'string' && !(Array.isArray(cv.columns) && cv.columns.every((c) => typeof c === 'string'))) fail(at, 'needs "column" or "columns"');
      if (!(cv.name in vindexes)) fail(at, `uses vindex ${JSON.stringify(cv.name)}, which is not defined in vindexes`);
      return undefined;
    });
    if (t.auto_increment !== undefined) {
      const ai = t.auto_increment;
      if (!isObject(ai) || typeof ai.column !== 'string' || typeof ai.sequence !== 'string') fail(`tables.${name}.auto_increment`, 'must be {"column", "sequence"}');
    }
    if (doc.sharded === true && t.type !== 'reference' && t.type !== 'sequence' && (cvs as unknown[]).length === 0) {
      fail(`tables.${name}`, 'is in a sharded keyspace and needs a primary vindex in column_vindexes');
    }
  }
  // What vtgate itself refuses when it loads the VSchema (an unknown vindex type, a sequence table in a
  // sharded keyspace...), in its words: such a VSchema would route nothing.
  try {
    readKeyspaceVSchema('', doc);
  } catch (err) {
    if (err instanceof VitessError) fail('(document)', `is refused by vtgate: ${err.message}`);
    throw err;
  }
  return doc;
}
