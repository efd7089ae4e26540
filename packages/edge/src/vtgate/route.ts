// vtgate's routing decision for one DML statement on a branch whose keyspaces may be sharded, made
// from each keyspace's VSchema: which shards the statement goes to and the text each shard runs.
// Every shard of a LocalScale keyspace is a database on the same MySQL server, so a route is a
// rewrite: table names become the shard's physical names; an INSERT's rows are regrouped per shard
// by the primary vindex; a read that no WHERE pins to one shard reads a UNION ALL of every shard's
// table, so MySQL itself merges ORDER BY, LIMIT, aggregates, GROUP BY, DISTINCT and joins exactly.
// Pure: tokens in, texts out; the session runs them.
import { isPunct, isWord, type Token } from '@localscale/mysql';
import { latin1Identifier, latin1Tokens } from '../sql/latin1.js';
import { shardForKeyspaceId, vindexFor, type KeyspaceVSchema, type TableVSchema, type VindexValue } from '@localscale/vitess';
import { SqlError, unsupported } from '../errors.js';
import { readInsert, type InsertShape } from './insert.js';
import { pushDown } from './scatter.js';
import { pinnedValues, readLiteral, type Literal } from './pins.js';
import { tableReferences, type TableRef } from './tables.js';

export interface RoutedKeyspace {
  name: string;
  /** Physical database of each shard, parallel to `shards`. */
  databases: readonly string[];
  shards: readonly string[];
  vschema: KeyspaceVSchema;
}

export interface RouteContext {
  keyspaces: readonly RoutedKeyspace[];
  /** The session's keyspace, which unqualified names resolve in; null when none is selected. */
  current: string | null;
}

export type Route =
  /** Nothing in the statement needs routing: it runs as written. */
  | { kind: 'as-is' }
  /** One statement on the session's connection; `spread`: the keyspace whose shards a read merges. */
  | { kind: 'one'; text: string; spread?: string }
  /** A write that touches several shards: each text runs in order, atomically, and the results add up. */
  | { kind: 'each'; texts: string[] }
  /** An INSERT that needs `count` ids from a Vitess sequence first; `complete` routes it with them. */
  | { kind: 'sequence'; database: string; table: string; count: number; complete(first: bigint): Route };

interface Resolved { ref: TableRef; ks: RoutedKeyspace; table: TableVSchema | null }

const verbs = new Set(['SELECT', 'WITH', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE']);

/** Routes the statement in `text` between `start` and `end` (latin1 text, as the edge holds it). */
export function routeStatement(text: string, start: number, end: number, ctx: RouteContext): Route {
  if (!ctx.keyspaces.some((k) => k.vschema.sharded || k.name !== ctx.current)) return { kind: 'as-is' };
  const tokens = latin1Tokens(text, start, end);
  const first = tokens.find((t) => !isPunct(t, '('));
  if (!first || first.kind !== 'word' || !verbs.has(first.value)) return { kind: 'as-is' };
  const refs = tableReferences(tokens);
  const resolved = resolve(refs, ctx);
  if (!resolved.length) return { kind: 'as-is' };
  const sharded = resolved.filter((r) => r.ks.vschema.sharded);
  const splice = new Splicer(text, start, end);
  if (!sharded.length) {
    // Only unsharded keyspaces: names qualified with a keyspace become its physical database.
    for (const r of resolved) if (r.ref.qualifier !== null) splice.replace(r.ref, physical(r.ks.databases[0]!, r.ref.name));
    return splice.changed ? { kind: 'one', text: splice.text() } : { kind: 'as-is' };
  }
  for (const r of sharded) if (!r.table) throw unknownTable(r.ref.name);
  switch (first.value) {
    case 'INSERT':
    case 'REPLACE': return routeInsert(tokens, refs[0]!, resolved, splice, ctx);
    case 'UPDATE':
    case 'DELETE': return routeWrite(tokens, resolved, splice, first.value);
    default: return routeRead(tokens, resolved, splice);
  }
}

/**
 * The statements that make an `each` route atomic: its own transaction, or a savepoint inside the
 * session's open one (so the session's transaction stays open and keeps its earlier work).
 */
export const atomicWrap = (inTransaction: boolean): { open: string; done: string; undo: string } => (inTransaction
  ? { open: 'SAVEPOINT localscale_route', done: 'RELEASE SAVEPOINT localscale_route', undo: 'ROLLBACK TO SAVEPOINT localscale_route' }
  : { open: 'START TRANSACTION', done: 'COMMIT', undo: 'ROLLBACK' });

/**
 * A write on a sharded keyspace prepared before its parameters are known: the text to prepare on the
 * first shard (for the parameter count and metadata), or null when the statement writes no sharded
 * table. Each execution is then routed with its values (the session puts them in the text).
 */
export function preparedWriteText(text: string, ctx: RouteContext): string | null {
  const tokens = latin1Tokens(text, 0, text.length);
  const first = tokens[0];
  if (!isWord(first, 'INSERT', 'REPLACE', 'UPDATE', 'DELETE')) return null;
  const resolved = resolve(tableReferences(tokens), ctx);
  if (!resolved.some((r) => r.ks.vschema.sharded)) return null;
  const splice = new Splicer(text, 0, text.length);
  for (const r of resolved) splice.replace(r.ref, physical(r.ks.databases[0]!, r.ref.name));
  return splice.text();
}

/** The statement with each `?` placeholder replaced by the literal of the same position. */
export function withParameters(text: string, literals: readonly string[]): string | null {
  const marks = latin1Tokens(text, 0, text.length).filter((t) => isPunct(t, '?'));
  if (marks.length !== literals.length) return null;
  const splice = new Splicer(text, 0, text.length);
  marks.forEach((t, i) => splice.replace(t, literals[i]!));
  return splice.text();
}

function resolve(refs: readonly TableRef[], ctx: RouteContext): Resolved[] {
  const out: Resolved[] = [];
  for (const ref of refs) {
    const ks = ctx.keyspaces.find((k) => k.name === (ref.qualifier ?? ctx.current));
    if (ks) out.push({ ref, ks, table: ks.vschema.tables.get(ref.name) ?? null });
  }
  return out;
}

/** The shard index each pinned sharded table goes to; null entries are not pinned (or are reference tables). */
function pinnedShards(tokens: readonly Token[], r: Resolved): Set<number> | null {
  const primary = r.table?.primary;
  if (!primary) return null;
  if (primary.columns.length !== 1) return null;
  const names = new Set([r.ref.name, ...(r.ref.alias ? [r.ref.alias] : [])]);
  const values = pinnedValues(tokens, primary.columns[0]!, names);
  if (!values) return null;
  const vindex = vindexFor(primary.vindex.type, primary.vindex.params);
  const shards = new Set<number>();
  for (const v of values) {
    const ksid = vindex.map(vindexValue(v));
    // A value that maps to no keyspace id matches no row; it pins nothing more.
    if (ksid === null) continue;
    const shard = shardForKeyspaceId(r.ks.shards, ksid);
    if (shard !== undefined) shards.add(r.ks.shards.indexOf(shard));
  }
  return shards;
}

const isReference = (r: Resolved) => r.table?.type === 'reference';

function routeRead(tokens: readonly Token[], resolved: readonly Resolved[], splice: Splicer): Route {
  const routed = resolved.filter((r) => r.ks.vschema.sharded && !isReference(r));
  const shards = commonShards(tokens, routed);
  if (shards !== null && shards.size <= 1) {
    const only = [...shards][0] ?? 0;
    for (const r of resolved) splice.replace(r.ref, physical(r.ks.databases[r.ks.vschema.sharded ? only : 0]!, r.ref.name));
    return { kind: 'one', text: splice.text() };
  }
  const onShards = (r: Resolved) => [...(shards ?? new Set(r.ks.shards.map((_s, i) => i)))].sort((a, b) => a - b);
  if (resolved.length === 1 && routed.length === 1) {
    const r = routed[0]!;
    const pushed = pushDown(splice.source, tokens, r.ref, onShards(r).map((i) => physical(r.ks.databases[i]!, r.ref.name)));
    if (pushed !== null) return { kind: 'one', text: pushed, spread: r.ks.name };
  }
  for (const r of resolved) {
    if (!r.ks.vschema.sharded || isReference(r)) { splice.replace(r.ref, physical(r.ks.databases[0]!, r.ref.name)); continue; }
    const on = onShards(r);
    const union = on.map((i) => `SELECT * FROM ${physical(r.ks.databases[i]!, r.ref.name)}`).join(' UNION ALL ');
    splice.replace(r.ref, `(${union})${r.ref.alias === null ? ` AS ${latin1Identifier(r.ref.name)}` : ''}`);
  }
  return { kind: 'one', text: splice.text(), spread: routed[0]!.ks.name };
}

/** The shards every pinned table agrees on, or null when some sharded table is not pinned. */
function commonShards(tokens: readonly Token[], routed: readonly Resolved[]): Set<number> | null {
  let common: Set<number> | undefined;
  for (const r of routed) {
    const pins = pinnedShards(tokens, r);
    if (pins === null) return null;
    const before: Set<number> | undefined = common;
    common = before === undefined ? pins : new Set([...before].filter((s) => pins.has(s)));
  }
  return common ?? new Set([0]);
}

function routeWrite(tokens: readonly Token[], resolved: readonly Resolved[], splice: Splicer, verb: 'UPDATE' | 'DELETE'): Route {
  const target = resolved[0]!;
  if (verb === 'DELETE' && !isWord(tokens.find((t, i) => i > 0 && !isWord(t, 'LOW_PRIORITY', 'QUICK', 'IGNORE')), 'FROM')) {
    throw unsupported('multi-table DELETE on a sharded keyspace');
  }
  if (verb === 'UPDATE') checkVindexNotUpdated(tokens, resolved);
  const routed = resolved.filter((r) => r.ks.vschema.sharded && !isReference(r));
  const shards = commonShards(tokens, routed);
  const allOf = (ks: RoutedKeyspace) => ks.shards.map((_s, i) => i);
  // A reference table is copied to every shard: a write to it goes to each copy.
  const onShards = isReference(target) ? allOf(target.ks) : shards === null ? allOf(target.ks) : [...shards].sort((a, b) => a - b);
  if (onShards.length > 1 && resolved.length > 1) throw unsupported('UPDATE or DELETE with more than one table across shards');
  if (!onShards.length) onShards.push(0);
  const texts = onShards.map((shard) => {
    const s = splice.fork();
    for (const r of resolved) s.replace(r.ref, physical(r.ks.databases[r.ks.vschema.sharded ? shard : 0]!, r.ref.name));
    return s.text();
  });
  return texts.length === 1 ? { kind: 'one', text: texts[0]! } : { kind: 'each', texts };
}

function checkVindexNotUpdated(tokens: readonly Token[], resolved: readonly Resolved[]): void {
  const set = tokens.findIndex((t) => isWord(t, 'SET'));
  if (set === -1) return;
  let depth = 0;
  let assignmentStart = true;
  for (let i = set + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    if (depth === 0 && isWord(t, 'WHERE', 'ORDER', 'LIMIT')) return;
    if (depth === 0 && isPunct(t, ',')) { assignmentStart = true; continue; }
    if (!assignmentStart) continue;
    assignmentStart = false;
    const parts: string[] = [];
    let j = i;
    while (tokens[j]?.ident != null) { parts.push(tokens[j]!.ident!); if (!isPunct(tokens[j + 1], '.')) break; j += 2; }
    const column = parts[parts.length - 1]?.toLowerCase();
    const table = parts.length > 1 ? parts[parts.length - 2]! : null;
    for (const r of resolved) {
      const primary = r.table?.primary;
      if (!primary || !column || !primary.columns.includes(column)) continue;
      if (table === null || table === r.ref.name || table === r.ref.alias) {
        throw unsupported(`you cannot UPDATE primary vindex columns; invalid update on vindex: ${primary.vindex.name}`);
      }
    }
  }
}

function routeInsert(tokens: readonly Token[], targetRef: TableRef, resolved: readonly Resolved[], splice: Splicer, ctx: RouteContext): Route {
  const target = resolved.find((r) => r.ref === targetRef);
  if (!target || !target.ks.vschema.sharded) {
    if (resolved.some((r) => r.ks.vschema.sharded)) throw unsupported('INSERT ... SELECT from a sharded table in LocalScale');
    for (const r of resolved) if (r.ref.qualifier !== null) splice.replace(r.ref, physical(r.ks.databases[0]!, r.ref.name));
    return splice.changed ? { kind: 'one', text: splice.text() } : { kind: 'as-is' };
  }
  const eachShard = (ks: RoutedKeyspace) => ks.databases.map((db) => splice.fork().replace(target.ref, physical(db, target.ref.name)).text());
  if (isReference(target)) {
    const texts = eachShard(target.ks);
    return texts.length === 1 ? { kind: 'one', text: texts[0]! } : { kind: 'each', texts };
  }
  const shape = readInsert(tokens, target.ref);
  if (!shape) return { kind: 'one', text: splice.replace(target.ref, physical(target.ks.databases[0]!, target.ref.name)).text() };
  if (shape.kind !== 'values') throw unsupported(`INSERT ... ${shape.kind === 'set' ? 'SET' : 'SELECT'} into a sharded table in LocalScale`);
  const generated = withSequence(shape, target, splice, ctx);
  if (generated) return generated;
  const primary = target.table!.primary!;
  if (primary.columns.length !== 1) throw unsupported('multi-column vindexes in LocalScale');
  if (shape.columns === null) throw new SqlError(1105, 'HY000', 'VT09004: INSERT should contain column list or the table should have authoritative columns in vschema');
  const column = shape.columns.indexOf(primary.columns[0]!);
  if (column === -1) throw noKeyspaceId({ kind: 'null' });
  const vindex = vindexFor(primary.vindex.type, primary.vindex.params);
  const byShard = new Map<number, string[]>();
  for (const row of shape.rows) {
    const value = row.values[column] ?? [];
    const lit = readLiteral(value, 0);
    if (!lit || lit.next !== value.length) throw unsupported('a primary vindex value that is not a literal in LocalScale');
    const ksid = vindex.map(vindexValue(lit.literal));
    const shard = ksid === null ? undefined : shardForKeyspaceId(target.ks.shards, ksid);
    if (shard === undefined) throw noKeyspaceId(lit.literal);
    const index = target.ks.shards.indexOf(shard);
    byShard.set(index, [...(byShard.get(index) ?? []), splice.source.slice(row.start, row.end)]);
  }
  const first = shape.rows[0]!, last = shape.rows[shape.rows.length - 1]!;
  const texts = [...byShard.entries()].sort(([a], [b]) => a - b).map(([shard, rows]) => {
    const s = splice.fork().replace(target.ref, physical(target.ks.databases[shard]!, target.ref.name));
    s.replace({ start: first.start, end: last.end }, rows.join(', '));
    return s.text();
  });
  return texts.length === 1 ? { kind: 'one', text: texts[0]! } : { kind: 'each', texts };
}

/**
 * The table's auto-increment column is missing or NULL in some rows: vtgate fills those from the
 * table's Vitess sequence. The ids come first (an effect); the statement is then routed with them.
 */
function withSequence(shape: Extract<InsertShape, { kind: 'values' }>, target: Resolved, splice: Splicer, ctx: RouteContext): Route | null {
  const auto = target.table?.autoIncrement;
  if (!auto || shape.columns === null || shape.columnsClose === null) return null;
  const column = shape.columns.indexOf(auto.column.toLowerCase());
  const needs = shape.rows.map((row) => column === -1 || isNull(row.values[column]));
  const count = needs.filter(Boolean).length;
  if (!count) return null;
  const sequence = resolveSequence(auto.sequence, ctx);
  return {
    kind: 'sequence', database: sequence.database, table: sequence.table, count,
    complete(first) {
      let next = first;
      const s = splice.fork();
      const close = shape.columnsClose!;
      if (column === -1) s.replace({ start: close, end: close }, `, ${latin1Identifier(auto.column)}`);
      shape.rows.forEach((row, i) => {
        if (!needs[i]) return;
        const id = String(next++);
        if (column === -1) s.replace({ start: row.end - 1, end: row.end - 1 }, `, ${id}`);
        else { const v = row.values[column]!; s.replace({ start: v[0]!.start, end: v[v.length - 1]!.end }, id); }
      });
      const text = s.text();
      return routeStatement(text, 0, text.length, ctx);
    },
  };
}

const isNull = (value: readonly Token[] | undefined) => value?.length === 1 && isWord(value[0], 'NULL');

/** Where a VSchema's `auto_increment.sequence` lives: `ks.seq`, or the one keyspace with a sequence table of that name. */
function resolveSequence(name: string, ctx: RouteContext): { database: string; table: string } {
  const dot = name.indexOf('.');
  const [ksName, table] = dot === -1 ? [null, name] : [name.slice(0, dot), name.slice(dot + 1)];
  const candidates = ctx.keyspaces.filter((k) => (ksName === null || k.name === ksName) && k.vschema.tables.get(table)?.type === 'sequence');
  if (candidates.length !== 1) {
    throw new SqlError(1105, 'HY000', `cannot resolve sequence ${name}: table ${table} not found`);
  }
  return { database: candidates[0]!.databases[0]!, table };
}

function vindexValue(l: Literal): VindexValue {
  switch (l.kind) {
    case 'int': return l.value;
    case 'decimal': return Number(l.text);
    case 'string': return l.value;
    case 'null': return null;
  }
}

/** How Vitess prints a value in its errors: INT64(1), VARCHAR("a"), NULL. */
function vitessValue(l: Literal): string {
  switch (l.kind) {
    case 'int': return l.value > 9223372036854775807n ? `UINT64(${l.value})` : `INT64(${l.value})`;
    case 'decimal': return `DECIMAL(${l.text})`;
    case 'string': return `VARCHAR(${JSON.stringify(l.value)})`;
    case 'null': return 'NULL';
  }
}

const noKeyspaceId = (l: Literal) => new SqlError(1105, 'HY000', `VT09023: could not map [${vitessValue(l)}] to a keyspace id`);
const unknownTable = (name: string) => new SqlError(1109, '42S02', `VT05004: table '${name}' does not exist`);

/** Physical names already quoted: every routed statement names one or two, and they recur. */
const quotedNames = new Map<string, string>();

function physical(database: string, table: string): string {
  const key = `${database}\0${table}`;
  let name = quotedNames.get(key);
  if (name === undefined) {
    name = `${latin1Identifier(database)}.${latin1Identifier(table)}`;
    if (quotedNames.size >= 4096) quotedNames.clear();
    quotedNames.set(key, name);
  }
  return name;
}


/** Replaces spans of a statement (each at most once), keeping the rest of the text as written. */
class Splicer {
  private readonly edits: { start: number; end: number; text: string }[] = [];
  constructor(readonly source: string, private readonly start: number, private readonly end: number) {}

  get changed(): boolean { return this.edits.length > 0; }

  replace(span: { start: number; end: number }, text: string): this {
    this.edits.push({ start: span.start, end: span.end, text });
    return this;
  }

  fork(): Splicer {
    const s = new Splicer(this.source, this.start, this.end);
    s.edits.push(...this.edits);
    return s;
  }

  text(): string {
    const edits = [...this.edits].sort((a, b) => a.start - b.start);
    let out = '';
    let at = this.start;
    for (const e of edits) {
      out += this.source.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.source.slice(at, this.end);
  }
}
