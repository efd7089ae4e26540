// A keyspace's VSchema read into what routing needs: whether the keyspace is sharded, its vindexes,
// and per table its type, primary vindex (the first column vindex) and auto-increment sequence.
// Reading checks what vtgate checks when it builds its VSchema (go/vt/vtgate/vindexes/vschema.go),
// with vtgate's messages, so a VSchema vtgate would refuse is refused here too. Table names are
// case-sensitive and column names case-insensitive, as in Vitess.
import { VitessError } from '../port/errors.js';
import { vindexFor } from '../vindex/registry.js';

export interface VindexSpec {
  readonly name: string;
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
  readonly owner: string | null;
}

export interface PrimaryVindex {
  /** Lower-cased column names (one for the functional vindexes). */
  readonly columns: readonly string[];
  readonly vindex: VindexSpec;
}

export interface TableVSchema {
  readonly name: string;
  /** '' for an ordinary table; Vitess's `reference` and `sequence` types. */
  readonly type: '' | 'reference' | 'sequence';
  /** The first column vindex; null in an unsharded keyspace and for reference tables. */
  readonly primary: PrimaryVindex | null;
  readonly autoIncrement: { readonly column: string; readonly sequence: string } | null;
}

export interface KeyspaceVSchema {
  readonly keyspace: string;
  readonly sharded: boolean;
  readonly vindexes: ReadonlyMap<string, VindexSpec>;
  readonly tables: ReadonlyMap<string, TableVSchema>;
}

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (message: string) => new VitessError(message, 1105, 'invalid');

function strings(v: unknown): Record<string, string> {
  if (!isDoc(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}

function readVindexes(doc: unknown): Map<string, VindexSpec> {
  const out = new Map<string, VindexSpec>();
  if (!isDoc(doc)) return out;
  for (const [name, v] of Object.entries(doc)) {
    const type = isDoc(v) && typeof v.type === 'string' ? v.type : '';
    vindexFor(type);
    if (!isDoc(v)) continue;
    out.set(name, { name, type, params: strings(v.params), owner: typeof v.owner === 'string' ? v.owner : null });
  }
  return out;
}

function readPrimary(table: string, spec: unknown, vindexes: ReadonlyMap<string, VindexSpec>): PrimaryVindex | null {
  if (!Array.isArray(spec) || spec.length === 0) return null;
  const first: unknown = spec[0];
  if (!isDoc(first) || typeof first.name !== 'string') throw invalid(`vindex  not found for table ${table}`);
  const vindex = vindexes.get(first.name);
  if (!vindex) throw invalid(`vindex ${first.name} not found for table ${table}`);
  const column = typeof first.column === 'string' && first.column !== '' ? first.column : null;
  const columns = Array.isArray(first.columns) ? first.columns.filter((c): c is string => typeof c === 'string') : [];
  if (column !== null && columns.length) {
    throw invalid(`can't use column and columns at the same time in vindex (${first.name}) and table (${table})`);
  }
  if (column === null && !columns.length) throw invalid(`must specify at least one column for vindex (${first.name}) and table (${table})`);
  return { columns: (column !== null ? [column] : columns).map((c) => c.toLowerCase()), vindex };
}

/** Reads the VSchema document stored for `keyspace` (null or `{}` is an unsharded keyspace with no tables). */
export function readKeyspaceVSchema(keyspace: string, doc: unknown): KeyspaceVSchema {
  const d = isDoc(doc) ? doc : {};
  const sharded = d.sharded === true;
  const vindexes = readVindexes(d.vindexes);
  const tables = new Map<string, TableVSchema>();
  for (const [name, t] of Object.entries(isDoc(d.tables) ? d.tables : {})) {
    const table = isDoc(t) ? t : {};
    const type = table.type === undefined || table.type === '' ? '' : table.type;
    if (type !== '' && type !== 'reference' && type !== 'sequence') throw invalid(`unidentified table type ${String(type)}`);
    if (type === 'sequence' && sharded) throw invalid(`sequence table has to be in an unsharded keyspace or must be pinned: ${name}`);
    const primary = readPrimary(name, table.column_vindexes, vindexes);
    if (sharded && type !== 'reference' && primary === null) throw invalid(`missing primary col vindex for table: ${name}`);
    const ai = isDoc(table.auto_increment) && typeof table.auto_increment.column === 'string' && typeof table.auto_increment.sequence === 'string'
      ? { column: table.auto_increment.column, sequence: table.auto_increment.sequence }
      : null;
    tables.set(name, { name, type, primary: sharded ? primary : null, autoIncrement: ai });
  }
  return { keyspace, sharded, vindexes, tables };
}
