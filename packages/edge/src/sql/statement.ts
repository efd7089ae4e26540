// Classifies one statement by its leading words: what access it needs (for password roles), which
// table it names first (for the error text), whether it is DDL that Vitess can run as an online
// migration, and whether the edge must answer or rewrite it itself (USE, KILL, Vitess session
// variables and statements). It reads as few tokens as it can; nothing is fully parsed.
import { unsupported } from '../errors.js';
import { parseAlterMigration, parseRevert, parseShow, type VitessStatement } from '../vitess/statements.js';
import { identifierOf, readDdlHead, type DdlVerb, type Lexer, type Token } from '@localscale/mysql';
import { latin1Lexer } from './latin1.js';

/** What a statement does to data, in PlanetScale's password-role terms. */
export type Access = 'read' | 'write' | 'readwrite' | 'ddl' | 'admin' | 'any';

export interface Assignment {
  /** Lower-cased variable name without `@@`/scope, e.g. `ddl_strategy`; user variables keep their `@`. */
  name: string;
  system: boolean;
  /** The value when it is a single literal or word; `DEFAULT` resets; null for anything more complex. */
  value: { text: string; isDefault: boolean } | null;
  start: number;
  end: number;
}

export type Statement =
  | { kind: 'use'; target: string }
  | { kind: 'kill'; query: boolean; id: string; idStart: number; idEnd: number }
  | { kind: 'set'; prefixEnd: number; assignments: Assignment[] }
  | { kind: 'select-database'; label: string }
  | { kind: 'vitess'; statement: VitessStatement; access: Access; plan: string }
  | { kind: 'database-ddl'; database: string }
  | { kind: 'prepare'; inner: string | null }
  | { kind: 'credential-change' }
  | { kind: 'sql'; access: Access; plan: string; table: string | null; onlineDdl: boolean; variables?: VariableUse[] };

/** A read of a vtgate session variable inside a SELECT, which the edge replaces by its value. */
export interface VariableUse {
  name: string;
  start: number;
  end: number;
  /** The column label to keep (the text as written) when the item has no alias of its own. */
  label: string | null;
}

const any = (plan = 'OtherRead'): Statement => ({ kind: 'sql', access: 'any', plan, table: null, onlineDdl: false });
const sql = (access: Access, plan: string, table: string | null, onlineDdl = false): Statement =>
  ({ kind: 'sql', access, plan, table, onlineDdl });

/** Session variables that exist only in vtgate; the edge keeps them per session. */
export const vitessVariables = new Set(['ddl_strategy', 'migration_context', 'session_uuid', 'workload', 'transaction_mode', 'query_timeout', 'enable_system_settings', 'skip_query_plan_cache']);

/** Analyses the statement in `text` between `start` and `end` (texts are latin1: one char per byte). */
export function analyze(text: string, start = 0, end = text.length): Statement {
  const lx = latin1Lexer(text, start, end);
  let first = lx.next();
  while (first && first.kind === 'punct' && first.text === '(') first = lx.next();
  if (!first || first.kind !== 'word') return any();
  switch (first.value) {
    case 'SELECT': return analyzeSelect(text, start, end, lx);
    case 'WITH': return analyzeWith(text, start, end, lx);
    case 'TABLE': return sql('read', 'Select', qualifiedName(lx));
    case 'VALUES': return any('Select');
    case 'INSERT':
    case 'REPLACE':
      skipWords(lx, 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO');
      return sql('write', 'Insert', qualifiedName(lx));
    case 'UPDATE':
      skipWords(lx, 'LOW_PRIORITY', 'IGNORE');
      return sql('write', 'Update', qualifiedName(lx));
    case 'DELETE':
      skipWords(lx, 'LOW_PRIORITY', 'QUICK', 'IGNORE', 'FROM');
      return sql('write', 'Delete', qualifiedName(lx));
    case 'LOAD': return sql('write', 'Load', nameAfter(lx, 'TABLE'));
    case 'CALL': return sql('readwrite', 'CallProcedure', qualifiedName(lx));
    case 'HANDLER': return sql('read', 'OtherRead', qualifiedName(lx));
    case 'DO': return any();
    case 'SHOW': {
      const v = parseShow(lx);
      return v ? { kind: 'vitess', statement: v, access: 'any', plan: 'Show' } : any('Show');
    }
    case 'DESCRIBE':
    case 'DESC':
    case 'EXPLAIN': {
      const next = lx.peek();
      if (next && next.kind === 'word' && next.value === 'ANALYZE') { lx.next(); return analyzeRest(text, lx, end); }
      return any();
    }
    case 'ANALYZE': {
      const next = lx.peek();
      if (next && next.kind === 'word' && ['TABLE', 'TABLES', 'NO_WRITE_TO_BINLOG', 'LOCAL'].includes(next.value)) return sql('read', 'OtherRead', null);
      return analyzeRest(text, lx, end);
    }
    case 'CHECK':
    case 'CHECKSUM': return sql('read', 'OtherRead', null);
    case 'OPTIMIZE':
    case 'REPAIR': return sql('admin', 'OtherAdmin', nameAfter(lx, 'TABLE'));
    case 'GRANT':
    case 'REVOKE': return sql('admin', 'OtherAdmin', null);
    case 'CREATE':
    case 'ALTER':
    case 'DROP':
    case 'RENAME':
    case 'TRUNCATE': return analyzeDdl(lx, first.value, first.end);
    case 'REVERT': return { kind: 'vitess', statement: parseRevert(lx), access: 'ddl', plan: 'RevertMigration' };
    case 'SET': return analyzeSet(text, lx);
    case 'USE': {
      const target = identifierOf(lx.next());
      return target === null ? any() : { kind: 'use', target };
    }
    case 'KILL': return analyzeKill(lx);
    case 'PREPARE': return analyzePrepare(lx);
    default: return any();
  }
}

function analyzeRest(text: string, lx: Lexer, end: number): Statement {
  const next = lx.peek();
  return next ? analyze(text, next.start, end) : any();
}

function skipWords(lx: Lexer, ...words: string[]): void {
  while (lx.acceptWord(...words));
}

/** `name` or `db.name`: the table part (what Vitess's ACL error names). */
function qualifiedName(lx: Lexer): string | null {
  let name = identifierOf(lx.peek());
  if (name === null) return null;
  lx.next();
  while (lx.acceptPunct('.')) {
    const part = identifierOf(lx.next());
    if (part === null) break;
    name = part;
  }
  return name;
}

function nameAfter(lx: Lexer, word: string): string | null {
  for (let t = lx.next(); t; t = lx.next()) if (t.kind === 'word' && t.value === word) return qualifiedName(lx);
  return null;
}

/** The first table a FROM or JOIN names (at any depth); null for table-less selects. */
function firstTable(lx: Lexer): string | null {
  for (let t = lx.next(); t; t = lx.next()) {
    if (t.kind !== 'word' || !['FROM', 'JOIN', 'STRAIGHT_JOIN'].includes(t.value)) continue;
    const next = lx.peek();
    if (!next || identifierOf(next) === null) continue;
    const name = qualifiedName(lx);
    if (name !== null && name.toUpperCase() !== 'DUAL') return name;
  }
  return null;
}

function analyzeSelect(text: string, start: number, end: number, lx: Lexer): Statement {
  const local = selectDatabase(text, lx);
  if (local) return local;
  const scan = latin1Lexer(text, start, end);
  let table: string | null = null;
  let depth = 0;
  let inSelectList = true;
  const variables: VariableUse[] = [];
  for (let t = scan.next(); t; t = scan.next()) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (t.kind === 'variable' && t.text.startsWith('@@')) {
      const name = t.text.slice(2).replace(/^(session|local)\./i, '').toLowerCase();
      if (!vitessVariables.has(name)) continue;
      const next = scan.peek();
      const unaliased = !next || (next.kind === 'punct' && next.text === ',') || (next.kind === 'word' && selectListEnd.has(next.value));
      variables.push({ name, start: t.start, end: t.end, label: depth === 0 && inSelectList && unaliased ? t.text : null });
    } else if (t.kind === 'word' && ['FROM', 'JOIN', 'STRAIGHT_JOIN'].includes(t.value)) {
      if (depth === 0) inSelectList = false;
      if (table === null && identifierOf(scan.peek()) !== null) {
        const name = qualifiedName(scan);
        if (name !== null && name.toUpperCase() !== 'DUAL') table = name;
      }
    }
  }
  const stmt: Statement = table === null ? any('Select') : sql('read', 'Select', table);
  return variables.length ? { ...stmt, variables } as Statement : stmt;
}

const selectListEnd = new Set(['FROM', 'INTO', 'WHERE', 'LIMIT', 'ORDER', 'GROUP', 'HAVING', 'UNION', 'FOR', 'LOCK', 'WINDOW']);

/** `SELECT DATABASE()`: vtgate answers with the keyspace, MySQL would with the physical database. */
function selectDatabase(text: string, lx: Lexer): Statement | null {
  const t = lx.next();
  if (!t || t.kind !== 'word' || (t.value !== 'DATABASE' && t.value !== 'SCHEMA')) return null;
  if (!lx.acceptPunct('(') || !lx.acceptPunct(')')) return null;
  const label = alias(lx) ?? text.slice(t.start, t.end) + '()';
  return lx.next() ? null : { kind: 'select-database', label };
}

function alias(lx: Lexer): string | null {
  const hadAs = lx.acceptWord('AS') !== null;
  const t = lx.peek();
  if (t && (t.kind === 'quoted' || t.kind === 'string' || (t.kind === 'word' && hadAs))) { lx.next(); return identifierOf(t) ?? t.value; }
  if (t && t.kind === 'word' && !['FROM', 'WHERE', 'LIMIT', 'UNION', 'INTO', 'FOR'].includes(t.value)) { lx.next(); return identifierOf(t); }
  return null;
}

/** WITH ... : the main verb is the first SELECT/UPDATE/DELETE outside the CTE definitions. */
function analyzeWith(text: string, start: number, end: number, lx: Lexer): Statement {
  let depth = 0;
  for (let t = lx.next(); t; t = lx.next()) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && ['SELECT', 'UPDATE', 'DELETE', 'TABLE', 'VALUES'].includes(t.value)) {
      if (t.value !== 'SELECT') return analyze(text, t.start, end);
      // The first table of the whole statement: a real one from a CTE body, not the CTE's name.
      const table = firstTable(latin1Lexer(text, start, end));
      return table === null ? any('Select') : sql('read', 'Select', table);
    }
  }
  return any();
}

/** A CREATE/ALTER/DROP whose object the edge does not recognise is still DDL. */
const unknownDdl = () => sql('ddl', 'DDL', null);

/** CREATE, ALTER, DROP, RENAME and TRUNCATE, read by the shared DDL head reader. */
function analyzeDdl(lx: Lexer, verb: DdlVerb, verbEnd: number): Statement {
  const head = readDdlHead(lx, verb, verbEnd);
  const table = head.names[0]?.name ?? null;
  switch (head.object) {
    case null: return unknownDdl();
    case 'TABLE': return sql('ddl', 'DDL', table, (verb === 'CREATE' || verb === 'ALTER' || verb === 'DROP') && !head.temporary);
    case 'VIEW':
    case 'INDEX': return sql('ddl', 'DDL', table, true);
    case 'DATABASE': return { kind: 'database-ddl', database: table ?? '' };
    case 'USER': return verb === 'ALTER' ? { kind: 'credential-change' } : sql('admin', 'OtherAdmin', null);
    case 'ROLE': return verb === 'ALTER' ? unknownDdl() : sql('admin', 'OtherAdmin', null);
    case 'VITESS_MIGRATION':
      return verb === 'ALTER' ? { kind: 'vitess', statement: parseAlterMigration(lx), access: 'ddl', plan: 'AlterMigration' } : unknownDdl();
    case 'VSCHEMA':
      if (verb === 'ALTER') throw unsupported('ALTER VSCHEMA in LocalScale (use the VSchema API)');
      return unknownDdl();
    default: return sql('ddl', 'DDL', table);
  }
}

function analyzeSet(text: string, lx: Lexer): Statement {
  const head = lx.peek();
  if (head && head.kind === 'word') {
    if (head.value === 'PASSWORD') return { kind: 'credential-change' };
    if (['NAMES', 'CHARACTER', 'CHARSET', 'TRANSACTION', 'ROLE', 'DEFAULT', 'STATEMENT', 'RESOURCE'].includes(head.value)) return any('Set');
  }
  let statementScope: string | null = null;
  const scope = lx.acceptWord('SESSION', 'LOCAL', 'GLOBAL', 'PERSIST', 'PERSIST_ONLY');
  if (scope) statementScope = scope;
  const prefixEnd = lx.peek()?.start ?? text.length;
  const assignments: Assignment[] = [];
  for (;;) {
    const first = lx.peek();
    if (!first) break;
    const a = readAssignment(text, lx, statementScope);
    if (!a) return any('Set');
    assignments.push(a);
    if (!lx.acceptPunct(',')) break;
  }
  if (lx.peek()) return any('Set');
  return assignments.some((a) => a.system && vitessVariables.has(a.name)) ? { kind: 'set', prefixEnd, assignments } : any('Set');
}

function readAssignment(text: string, lx: Lexer, statementScope: string | null): Assignment | null {
  const start = lx.peek()!.start;
  let scope = lx.acceptWord('SESSION', 'LOCAL', 'GLOBAL', 'PERSIST', 'PERSIST_ONLY') ?? statementScope;
  const target = lx.next();
  if (!target) return null;
  let name: string;
  let system = true;
  if (target.kind === 'variable') {
    if (target.text.startsWith('@@')) {
      const m = /^@@(?:(global|session|local|persist|persist_only)\.)?(.+)$/i.exec(target.text)!;
      if (m[1]) scope = m[1].toUpperCase();
      name = m[2]!.toLowerCase();
    } else {
      name = target.text;
      system = false;
    }
  } else {
    const ident = identifierOf(target);
    if (ident === null) return null;
    name = ident.toLowerCase();
  }
  if (!lx.acceptPunct('=') && !lx.acceptPunct(':=')) return null;
  // The value runs to the next top-level comma.
  let depth = 0;
  const valueTokens: Token[] = [];
  for (let t = lx.peek(); t; t = lx.peek()) {
    if (t.kind === 'punct' && t.text === ',' && depth === 0) break;
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    valueTokens.push(t);
    lx.next();
  }
  if (!valueTokens.length) return null;
  const only = valueTokens.length === 1 ? valueTokens[0]! : null;
  const value = only && ['string', 'word', 'number', 'quoted'].includes(only.kind)
    ? { text: only.kind === 'word' ? (identifierOf(only) ?? only.text) : only.value, isDefault: only.kind === 'word' && only.value === 'DEFAULT' }
    : null;
  const isSystem = system && scope !== 'GLOBAL' && scope !== 'PERSIST' && scope !== 'PERSIST_ONLY';
  return { name: isSystem || !system ? name : `global.${name}`, system: isSystem, value, start, end: valueTokens[valueTokens.length - 1]!.end };
}

function analyzeKill(lx: Lexer): Statement {
  skipWords(lx, 'HARD', 'SOFT');
  const which = lx.acceptWord('CONNECTION', 'QUERY');
  lx.acceptWord('ID');
  const t = lx.next();
  if (!t || t.kind !== 'number' || lx.next()) return sql('admin', 'OtherAdmin', null);
  return { kind: 'kill', query: which === 'QUERY', id: t.text, idStart: t.start, idEnd: t.end };
}

function analyzePrepare(lx: Lexer): Statement {
  if (identifierOf(lx.next()) === null || !lx.acceptWord('FROM')) return any();
  const source = lx.next();
  if (source && source.kind === 'string' && !lx.peek()) return { kind: 'prepare', inner: source.value };
  return { kind: 'prepare', inner: null };
}
