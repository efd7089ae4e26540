// Parsing of the statements vtgate answers itself for online DDL and topology: SHOW VITESS_MIGRATIONS,
// SHOW VITESS_MIGRATION ... LOGS, ALTER VITESS_MIGRATION ..., REVERT VITESS_MIGRATION ...,
// SHOW VITESS_KEYSPACES / KEYSPACES / DATABASES, SHOW VITESS_SHARDS, SHOW VITESS_TABLETS,
// SHOW VSCHEMA TABLES. Keywords are case-insensitive and
// UUIDs are quoted strings, as in Vitess's grammar. Messages are vtgate's.
import { parseGoDuration, schemaMigrationColumns } from '@localscale/vitess';
import { SqlError, unsupported } from '../errors.js';
import { identifierOf, type Lexer, type Token } from '@localscale/mysql';
import { parseWhere, syntaxError, type Expr } from '../sql/where.js';

export type MigrationAction =
  | 'cancel' | 'retry' | 'cleanup' | 'launch' | 'complete' | 'force_cutover' | 'throttle' | 'unthrottle'
  | 'cutover_threshold' | 'postpone_complete';

export type ListFilter = { like: string } | { where: Expr } | null;

export type VitessStatement =
  | { kind: 'show-migrations'; keyspace: string | null; filter: ListFilter }
  | { kind: 'show-migration-logs'; uuid: string }
  | { kind: 'show-keyspaces'; includeSystemSchemas: boolean; filter: ListFilter }
  | { kind: 'show-shards'; filter: ListFilter }
  /** vtgate's LIKE matches the hostname; a WHERE is parsed and ignored, as vtgate ignores it. */
  | { kind: 'show-tablets'; like: string | null }
  | { kind: 'show-vschema-tables' }
  | {
      kind: 'alter-migration'; action: MigrationAction; uuid: string | null;
      shards?: string[]; expireMs?: number; ratio?: number; threshold?: string;
    }
  | { kind: 'revert'; uuid: string };

/** Uppercase Vitess keyword of the verb position, so `alter vitess_migration` is recognised. */
const expectWord = (lx: Lexer, ...words: string[]) => {
  const w = lx.acceptWord(...words);
  if (!w) throw syntaxError(lx, lx.peek());
  return w;
};

function expectString(lx: Lexer): string {
  const t = lx.next();
  if (!t || t.kind !== 'string') throw syntaxError(lx, t);
  return t.value;
}

function expectEnd(lx: Lexer): void {
  const t = lx.next();
  if (t) throw syntaxError(lx, t);
}

function listFilter(lx: Lexer, columns: readonly string[]): ListFilter {
  if (lx.acceptWord('LIKE')) {
    const like = expectString(lx);
    expectEnd(lx);
    return { like };
  }
  if (lx.acceptWord('WHERE')) return { where: parseWhere(lx, columns) };
  expectEnd(lx);
  return null;
}

export const keyspaceColumns = ['Database'] as const;
export const shardColumns = ['Shards'] as const;
export const tabletColumns = ['Cell', 'Keyspace', 'Shard', 'TabletType', 'State', 'Alias', 'Hostname', 'PrimaryTermStartTime'] as const;

/**
 * After `SHOW`: parses the Vitess forms, or returns null when the statement is an ordinary SHOW for
 * MySQL. `DATABASES`/`SCHEMAS` are answered here too: vtgate lists keyspaces, not physical databases.
 */
export function parseShow(lx: Lexer): VitessStatement | null {
  const t = lx.peek();
  if (!t || t.kind !== 'word') return null;
  switch (t.value) {
    case 'VITESS_MIGRATIONS': {
      lx.next();
      let keyspace: string | null = null;
      if (lx.acceptWord('FROM', 'IN')) {
        keyspace = identifierOf(lx.next());
        if (keyspace === null) throw syntaxError(lx, lx.peek());
      }
      return { kind: 'show-migrations', keyspace, filter: listFilter(lx, schemaMigrationColumns) };
    }
    case 'VITESS_MIGRATION': {
      lx.next();
      const uuid = expectString(lx);
      expectWord(lx, 'LOGS');
      expectEnd(lx);
      return { kind: 'show-migration-logs', uuid };
    }
    case 'VITESS_KEYSPACES':
    case 'KEYSPACES':
    case 'DATABASES':
    case 'SCHEMAS':
      lx.next();
      return { kind: 'show-keyspaces', includeSystemSchemas: t.value === 'DATABASES' || t.value === 'SCHEMAS', filter: listFilter(lx, keyspaceColumns) };
    case 'VITESS_SHARDS':
      lx.next();
      return { kind: 'show-shards', filter: listFilter(lx, shardColumns) };
    case 'VITESS_TABLETS': {
      lx.next();
      const filter = listFilter(lx, tabletColumns);
      return { kind: 'show-tablets', like: filter && 'like' in filter ? filter.like : null };
    }
    case 'VSCHEMA': {
      lx.next();
      if (!lx.acceptWord('TABLES')) throw unsupported(`SHOW VSCHEMA ${lx.peek()?.value ?? ''} in LocalScale`);
      expectEnd(lx);
      return { kind: 'show-vschema-tables' };
    }
    case 'VITESS_THROTTLED_APPS':
    case 'VITESS_THROTTLER':
    case 'VITESS_REPLICATION_STATUS':
    case 'VITESS_TARGET':
      throw unsupported(`SHOW ${t.value} in LocalScale`);
    default:
      return null;
  }
}

const verbs: Record<string, MigrationAction> = {
  CANCEL: 'cancel', RETRY: 'retry', CLEANUP: 'cleanup', LAUNCH: 'launch', COMPLETE: 'complete',
  FORCE_CUTOVER: 'force_cutover', THROTTLE: 'throttle', UNTHROTTLE: 'unthrottle', CUTOVER_THRESHOLD: 'cutover_threshold',
};
const allForms = new Set<MigrationAction>(['cancel', 'cleanup', 'launch', 'complete', 'force_cutover', 'throttle', 'unthrottle', 'postpone_complete']);

/** After `ALTER VITESS_MIGRATION`. */
export function parseAlterMigration(lx: Lexer): VitessStatement {
  const first = lx.peek();
  let uuid: string | null = null;
  if (first && first.kind === 'string') { lx.next(); uuid = first.value; }
  const verbToken = lx.next();
  let action = verbToken && verbToken.kind === 'word' ? verbs[verbToken.value] : undefined;
  if (verbToken && verbToken.kind === 'word' && verbToken.value === 'POSTPONE') {
    expectWord(lx, 'COMPLETE');
    action = 'postpone_complete';
  }
  if (!action) throw syntaxError(lx, verbToken);
  if (uuid === null) {
    if (!allForms.has(action)) throw syntaxError(lx, verbToken);
    expectWord(lx, 'ALL');
  } else if (action === 'retry' && lx.peek()?.value === 'ALL') {
    throw syntaxError(lx, lx.peek());
  }
  const out: Extract<VitessStatement, { kind: 'alter-migration' }> = { kind: 'alter-migration', action, uuid };
  if (action === 'launch' && uuid !== null && lx.acceptWord('VITESS_SHARDS')) {
    out.shards = expectString(lx).split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (action === 'cutover_threshold') out.threshold = expectString(lx);
  if (action === 'throttle') parseThrottleOptions(lx, out);
  expectEnd(lx);
  return out;
}

function parseThrottleOptions(lx: Lexer, out: { expireMs?: number; ratio?: number }): void {
  for (;;) {
    if (lx.acceptWord('EXPIRE')) {
      const text = expectString(lx);
      // An empty EXPIRE means the default expiry, as in Vitess.
      if (text === '') continue;
      const ms = parseGoDuration(text);
      if (ms === null || ms < 0) {
        throw new SqlError(1105, 'HY000', `invalid EXPIRE value: ${text}. Try '120s', '30m', '1h', etc. Allowed units are (s)ec, (m)in, (h)hour`);
      }
      out.expireMs = ms;
      continue;
    }
    if (lx.acceptWord('RATIO')) {
      const t: Token | null = lx.next();
      const ratio = t && (t.kind === 'number' || t.kind === 'string') ? Number(t.value) : Number.NaN;
      if (!t || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
        throw new SqlError(1105, 'HY000', `invalid RATIO value: ${t?.value ?? ''}. Try any decimal number between '0.0' (no throttle) and \`1.0\` (fully throttled)`);
      }
      out.ratio = ratio;
      continue;
    }
    return;
  }
}

/** After `REVERT` (optionally followed by a /*vt+ ... *\/ comment, which the lexer skips). */
export function parseRevert(lx: Lexer): VitessStatement {
  expectWord(lx, 'VITESS_MIGRATION');
  const uuid = expectString(lx);
  expectEnd(lx);
  return { kind: 'revert', uuid };
}
