// VSchema comparison. A VSchema is a protobuf message (vschema.Keyspace) exchanged as JSON, so two
// texts are the same VSchema when they decode to the same message: key order, whitespace, camelCase vs
// snake_case field names and fields left at their default (false, "", 0, empty lists and maps) do not
// count. `{}`, an empty text and a missing VSchema are all the empty VSchema. Names of tables,
// vindexes and params are user data and are kept as written; list order is kept (it is meaningful:
// the first column vindex is the primary vindex).
import { invalid } from '../errors.js';

export type VSchemaValue = string | number | boolean | null | VSchemaValue[] | { [key: string]: VSchemaValue };
export type VSchemaObject = { [key: string]: VSchemaValue };

export type VSchemaInput = string | VSchemaObject | null | undefined;

/** Maps whose keys are names chosen by the user, not message fields. */
const userKeyedMaps = new Set(['tables', 'vindexes', 'params']);
/** Enum fields whose first value is the protobuf default. */
const enumDefaults: Record<string, string> = { foreign_key_mode: 'unspecified' };

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function isDefault(key: string, value: VSchemaValue): boolean {
  if (value === null || value === false || value === '' || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return enumDefaults[key] === value;
}

function normalizeValue(value: VSchemaValue, keysAreNames: boolean): VSchemaValue {
  if (Array.isArray(value)) return value.map((v) => normalizeValue(v, false));
  if (value === null || typeof value !== 'object') return value;
  const out: VSchemaObject = {};
  for (const rawKey of Object.keys(value).sort()) {
    const key = keysAreNames ? rawKey : snakeCase(rawKey);
    const v = normalizeValue(value[rawKey]!, !keysAreNames && userKeyedMaps.has(key));
    if (keysAreNames ? v === null : isDefault(key, v)) continue;
    out[key] = v;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function parseInput(input: VSchemaInput): VSchemaValue {
  if (input === null || input === undefined) return {};
  if (typeof input !== 'string') return input;
  if (!input.trim()) return {};
  try {
    return JSON.parse(input) as VSchemaValue;
  } catch (err) {
    throw invalid(`invalid VSchema JSON: ${(err as Error).message}`);
  }
}

export function normalizeVSchema(input: VSchemaInput): VSchemaObject {
  const parsed = parseInput(input);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('a VSchema must be a JSON object');
  return normalizeValue(parsed, false) as VSchemaObject;
}

const canonical = (value: VSchemaValue | undefined) => JSON.stringify(value ?? null);

export function vschemaEquals(a: VSchemaInput, b: VSchemaInput): boolean {
  return canonical(normalizeVSchema(a)) === canonical(normalizeVSchema(b));
}

export interface VSchemaChange {
  /** Dotted path of the changed value, e.g. `tables.orders.column_vindexes` or `sharded`. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: VSchemaValue;
  readonly after?: VSchemaValue;
}

export interface NamedChanges { readonly added: string[]; readonly removed: string[]; readonly changed: string[] }

export interface VSchemaDiff {
  readonly changed: boolean;
  /** Every differing leaf (objects are descended into; lists and scalars are compared whole). */
  readonly changes: readonly VSchemaChange[];
  readonly tables: NamedChanges;
  readonly vindexes: NamedChanges;
  readonly before: VSchemaObject;
  readonly after: VSchemaObject;
}

const isObject = (v: VSchemaValue | undefined): v is VSchemaObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function collect(path: string[], before: VSchemaValue | undefined, after: VSchemaValue | undefined, out: VSchemaChange[]): void {
  if (canonical(before) === canonical(after)) return;
  const at = path.join('.');
  if (before === undefined) { out.push({ path: at, kind: 'added', after }); return; }
  if (after === undefined) { out.push({ path: at, kind: 'removed', before }); return; }
  if (!isObject(before) || !isObject(after)) { out.push({ path: at, kind: 'changed', before, after }); return; }
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    collect([...path, key], before[key], after[key], out);
  }
}

function named(before: VSchemaValue | undefined, after: VSchemaValue | undefined): NamedChanges {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  return {
    added: Object.keys(b).filter((k) => !(k in a)),
    removed: Object.keys(a).filter((k) => !(k in b)),
    changed: Object.keys(b).filter((k) => k in a && canonical(a[k]) !== canonical(b[k])),
  };
}

export function diffVSchema(a: VSchemaInput, b: VSchemaInput): VSchemaDiff {
  const before = normalizeVSchema(a);
  const after = normalizeVSchema(b);
  const changes: VSchemaChange[] = [];
  collect([], before, after, changes);
  return {
    changed: changes.length > 0, changes, before, after,
    tables: named(before.tables, after.tables),
    vindexes: named(before.vindexes, after.vindexes),
  };
}
