// Decides, statement by statement, what the edge does with a client's SQL: relay it (possibly
// rewritten: USE and KILL name physical databases and upstream threads), answer it itself (Vitess
// statements and variables, SELECT DATABASE()), or refuse it (password role, safe migrations,
// databases outside the branch).
import {
  databaseAccessDenied, directDdlDisabled, internalError, privilegeRequired, SqlError, unknownKeyspace, unknownThread,
  unsupported, unsupportedInPreparedStatement,
} from '../errors.js';
import { varcharColumn } from '../protocol/packets.js';
import type { StatementRange } from '@localscale/mysql';
import { latin1Identifier } from '../sql/latin1.js';
import { analyze, vitessVariables, type Statement, type VariableUse } from '../sql/statement.js';
import type { Credential } from '../types.js';
import { executeVitess, submitOnlineDdl, type VitessContext } from '../vitess/execute.js';
import { isOnlineStrategy } from '../vitess/strategy.js';
import type { VitessVariables } from '../vitess/variables.js';
import { aclDenied, roleAllows, type AclTarget } from './policy.js';
import { ok, type LocalResult } from './result.js';
import { defaultKeyspace, informationSchema, resolveTarget, routedKeyspaces, shardsOf, type Target } from './routing.js';
import { preparedWriteText, routeStatement, type Route } from '../vtgate/route.js';
import type { Sequences } from '../vtgate/sequences.js';
import type { SessionHandle } from './runtime.js';

export interface QuerySession {
  readonly credential: Credential;
  readonly target: Target | typeof informationSchema | null;
  readonly variables: VitessVariables;
  vitessContext(): VitessContext;
  /** The branch's schema was changed by a directly executed DDL statement. */
  schemaChanged(): void;
  findSession(id: number): SessionHandle | undefined;
  setTarget(target: Target | typeof informationSchema): void;
  /** The edge's Vitess sequences (auto-increment of sharded tables). */
  readonly sequences: Sequences;
}

export type Plan =
  /**
   * Relay to MySQL; `text` replaces the statement's text; `after` runs if MySQL executed it; `spread`
   * names the keyspace of a read merged from its shards (its derived columns show that keyspace).
   */
  | { action: 'forward'; text?: string; after?: () => void; spread?: string }
  | { action: 'local'; run: () => Promise<LocalResult> }
  /** A write vtgate would send to several shards: each text runs in turn, atomically; the client gets one result. */
  | { action: 'each'; texts: string[] }
  /**
   * A prepared write on a sharded keyspace: `prepare` is prepared upstream (on the first shard) for the
   * client's metadata; each execution is routed as `template` with its parameter values put in.
   */
  | { action: 'emulate'; prepare: string; template: string }
  /** A plan that needs an effect first (ids from a Vitess sequence): `resolve` gives the plan to carry out. */
  | { action: 'deferred'; resolve(): Promise<Exclude<Plan, { action: 'deferred' }>> }
  | { action: 'error'; error: SqlError };

const forward = (text?: string, after?: () => void): Plan => ({ action: 'forward', text, after });
const local = (run: () => Promise<LocalResult>): Plan => ({ action: 'local', run });
const refuse = (error: SqlError): Plan => ({ action: 'error', error });


function aclTarget(s: QuerySession): AclTarget | null {
  if (s.target && s.target !== informationSchema) return { keyspace: s.target.keyspace, shard: s.target.shard };
  const ks = defaultKeyspace(s.credential.branch);
  return ks ? { keyspace: ks.name, shard: shardsOf(ks)[0]! } : null;
}

const safeMigrationsOn = (c: Credential) => c.branch.production && c.branch.safeMigrations;

export function planStatement(s: QuerySession, text: string, range: StatementRange): Plan {
  let stmt: Statement;
  try {
    stmt = analyze(text, range.start, range.end);
  } catch (err) {
    return refuse(err as SqlError);
  }
  try {
    return decide(s, stmt, text, range);
  } catch (err) {
    return refuse(err as SqlError);
  }
}

/** The refusal of a statement the password's role may not run; null when it may. */
function denied(s: QuerySession, access: Parameters<typeof roleAllows>[1], plan: string, table: string | null): Plan | null {
  const { credential } = s;
  return roleAllows(credential.role, access) ? null : refuse(aclDenied(plan, credential.username, credential.role, table, aclTarget(s)));
}

function decide(s: QuerySession, stmt: Statement, text: string, range: StatementRange): Plan {
  const { credential } = s;
  switch (stmt.kind) {
    case 'use': {
      const target = resolveTarget(credential.branch, stmt.target);
      if (target === null) return refuse(unknownKeyspace(stmt.target));
      const physical = target === informationSchema ? informationSchema : target.database;
      return forward(`USE ${latin1Identifier(physical)}`, () => s.setTarget(target));
    }
    case 'kill': {
      const other = s.findSession(Number(stmt.id));
      if (!other || other.username !== credential.username || other.upstreamThreadId === null) return refuse(unknownThread(stmt.id));
      return forward(text.slice(range.start, stmt.idStart) + String(other.upstreamThreadId) + text.slice(stmt.idEnd, range.end));
    }
    case 'set': {
      const apply: (() => void)[] = [];
      const rest: string[] = [];
      for (const a of stmt.assignments) {
        if (a.system && vitessVariables.has(a.name)) apply.push(s.variables.prepare(a.name, a.value));
        else rest.push(text.slice(a.start, a.end));
      }
      const applyAll = () => { for (const f of apply) f(); };
      if (!rest.length) return local(async () => { applyAll(); return ok(); });
      return forward(text.slice(range.start, stmt.prefixEnd) + rest.join(', '), applyAll);
    }
    case 'select-database': {
      const current = s.target === null ? null : s.target === informationSchema ? informationSchema : s.target.keyspace;
      return local(async () => ({ kind: 'rows', columns: [varcharColumn(stmt.label, 64)], rows: [[current]] }));
    }
    case 'vitess': {
      const refusal = denied(s, stmt.access, stmt.plan, null);
      if (refusal) return refusal;
      return local(() => executeVitess(stmt.statement, s.vitessContext()));
    }
    case 'database-ddl':
      return refuse(databaseAccessDenied(credential.username, stmt.database));
    case 'credential-change':
      return refuse(privilegeRequired('CREATE USER'));
    case 'prepare': {
      if (stmt.inner === null) {
        if (credential.role === 'admin' && !safeMigrationsOn(credential)) return forward();
        return refuse(unsupported('PREPARE ... FROM a user variable for this password role'));
      }
      const inner = Buffer.from(stmt.inner, 'utf8').toString('latin1');
      const plan = planPrepared(s, inner);
      if (plan.action === 'error') return plan;
      // The statement inside PREPARE ... FROM '...' is not rewritten: one that needs routing is refused.
      if (plan.action !== 'forward' || plan.text !== undefined) return refuse(unsupported('PREPARE ... FROM of a statement on a sharded keyspace in LocalScale'));
      return forward();
    }
    case 'sql': {
      const refusal = denied(s, stmt.access, stmt.plan, stmt.table);
      if (refusal) return refusal;
      if (stmt.access === 'ddl') {
        if (stmt.onlineDdl && isOnlineStrategy(s.variables.ddlStrategy)) {
          const sql = Buffer.from(text.slice(range.start, range.end), 'latin1').toString('utf8');
          return local(() => submitOnlineDdl(sql, s.vitessContext()));
        }
        if (safeMigrationsOn(credential)) return refuse(directDdlDisabled());
        return forward(stmt.variables ? substituteVariables(s, text, range, stmt.variables) : undefined, () => s.schemaChanged());
      }
      if (stmt.variables) return forward(substituteVariables(s, text, range, stmt.variables));
      return routed(s, text, range);
    }
  }
}

/** DML on a branch with sharded keyspaces (or naming another keyspace) goes where vtgate would send it. */
function routed(s: QuerySession, text: string, range: StatementRange): Plan {
  const target = s.target;
  // Shard targeting (`USE ks:-80`) sends statements to that shard as written, as vtgate does.
  if (target === informationSchema || target?.shardTargeted) return forward();
  return planRoute(s, routeStatement(text, range.start, range.end, { keyspaces: routedKeyspaces(s.credential.branch), current: target?.keyspace ?? null }));
}

function planRoute(s: QuerySession, r: Route): Plan {
  switch (r.kind) {
    case 'as-is': return forward();
    case 'one': return r.spread === undefined ? forward(r.text) : { action: 'forward', text: r.text, spread: r.spread };
    case 'each': return { action: 'each', texts: r.texts };
    case 'sequence':
      return {
        action: 'deferred',
        async resolve() {
          const failed = (error: SqlError) => ({ action: 'error' as const, error });
          let plan: Plan;
          try {
            plan = planRoute(s, r.complete(await s.sequences.next(r.database, r.table, r.count)));
          } catch (err) {
            if (err instanceof SqlError) return failed(err);
            throw err;
          }
          return plan.action === 'deferred' ? failed(internalError('a sequence route asked for more ids')) : plan;
        },
      };
  }
}

/** `SELECT @@ddl_strategy, @@version`: MySQL answers, with vtgate's variables replaced by their values. */
function substituteVariables(s: QuerySession, text: string, range: StatementRange, uses: readonly VariableUse[]): string {
  let out = '';
  let at = range.start;
  for (const use of uses) {
    const value = s.variables.get(use.name).replace(/[\\']/g, (c) => '\\' + c);
    out += text.slice(at, use.start) + Buffer.from(`'${value}'`, 'utf8').toString('latin1');
    if (use.label !== null) out += ` AS ${latin1Identifier(Buffer.from(use.label, 'latin1').toString('utf8'))}`;
    at = use.end;
  }
  return out + text.slice(at, range.end);
}

/**
 * COM_STMT_PREPARE (and SQL PREPARE ... FROM '<text>'): the same role and safe-migration checks, but
 * what the edge answers itself cannot be prepared, as in MySQL for USE.
 */
export function planPrepared(s: QuerySession, text: string): Plan {
  let stmt: Statement;
  try {
    stmt = analyze(text);
  } catch {
    return refuse(unsupportedInPreparedStatement());
  }
  if (stmt.kind !== 'sql') {
    if (stmt.kind === 'database-ddl') return refuse(databaseAccessDenied(s.credential.username, stmt.database));
    if (stmt.kind === 'credential-change') return refuse(privilegeRequired('CREATE USER'));
    return refuse(unsupportedInPreparedStatement());
  }
  const { credential } = s;
  if (!roleAllows(credential.role, stmt.access)) {
    return refuse(aclDenied(stmt.plan, credential.username, credential.role, stmt.table, aclTarget(s)));
  }
  if (stmt.access === 'ddl' && safeMigrationsOn(credential)) return refuse(directDdlDisabled());
  if (stmt.access === 'ddl') return forward();
  // A prepared statement's parameters are not known yet: a read of sharded tables is prepared as the
  // read of every shard (correct for any parameters); a write is routed at each execution.
  const target = s.target;
  if (target !== informationSchema && !target?.shardTargeted) {
    const prepare = preparedWriteText(text, { keyspaces: routedKeyspaces(s.credential.branch), current: target?.keyspace ?? null });
    if (prepare !== null) return { action: 'emulate', prepare, template: text };
  }
  let r: Plan;
  try {
    r = routed(s, text, { start: 0, end: text.length });
  } catch (err) {
    return refuse(err as SqlError);
  }
  if (r.action === 'each' || r.action === 'deferred') return refuse(unsupported('a prepared write that may span shards of a sharded keyspace in LocalScale; send it as text'));
  return r;
}
