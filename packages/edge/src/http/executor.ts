// One Execute: the statement goes through the MySQL edge's planner (roles, safe migrations, USE,
// Vitess statements), then runs on the session's reserved connection or a pooled one of its password,
// in the session's target database. Afterwards the session keeps the connection if it is now in a
// transaction or made lasting settings, and gives it back otherwise.
import { internalError, SqlError, unknownKeyspace, upstreamUnavailable } from '../errors.js';
import { ServerStatus } from '../protocol/constants.js';
import { PacketTooLargeError } from '../protocol/framing.js';
import { holdsSchemaNames } from '../protocol/column-definition.js';
import { LogicalNames } from '../protocol/logical-names.js';
import { ServerErrorPacket } from '../protocol/handshake.js';
import { planStatement } from '../session/query.js';
import { atomicWrap } from '../vtgate/route.js';
import type { LocalResult } from '../session/result.js';
import { branchDatabases, defaultKeyspace, informationSchema, shardsOf } from '../session/routing.js';
import type { EdgeRuntime } from '../session/runtime.js';
import { splitStatements, type StatementRange } from '@localscale/mysql';
import type { Credential } from '../types.js';
import { UpstreamQueryConnection, type QueryOutcome, type ResultLimits } from './connection.js';
import { connectionEffect, type ConnectionEffect } from './connection-state.js';
import { edgeError, mysqlError, tabletError, type RpcError, type TabletContext } from './errors.js';
import { PoolTimeout, type UpstreamPool } from './pool.js';
import { HttpQuerySession, type SessionTarget } from './query-session.js';
import type { Reservation, Reservations } from './reservations.js';
import { encodeLocalRow, encodeRow, localField, okResult, renameSchemaCells, upstreamField, type PsdbResult } from './result.js';
import type { SessionState } from './session-token.js';

export interface ExecuteOutcome { result?: PsdbResult; error?: RpcError }

/** utf8mb4_general_ci: what the HTTP API's upstream connections speak (JSON strings are UTF-8). */
const connectionCollation = 45;

const physicalOf = (target: SessionTarget) => (target === informationSchema ? informationSchema : target.database);

function tabletOf(qs: HttpQuerySession, sql: string): TabletContext {
  const { credential, target } = qs;
  let keyspace = '', shard = '';
  if (target && target !== informationSchema) ({ keyspace, shard } = target);
  else {
    const ks = defaultKeyspace(credential.branch);
    if (ks) { keyspace = ks.name; shard = shardsOf(ks)[0]!; }
  }
  // The text is decoded only if an error quotes it.
  return { keyspace, shard, username: credential.username, get sql() { return Buffer.from(sql, 'latin1').toString('utf8'); } };
}

/** vtgate's parser reads one statement per Execute; what follows it is a syntax error there. */
function multipleStatements(text: string, second: StatementRange): RpcError {
  const token = /^\S+/.exec(text.slice(second.start, second.end))?.[0] ?? '';
  const near = Buffer.from(token, 'latin1').toString('utf8');
  return { code: 'INVALID_ARGUMENT', message: `syntax error at position ${second.start + token.length + 1} near '${near}'` };
}

const formatTime = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 23)} UTC`;

export class HttpExecutor {
  private readonly maxPacketBytes: number;

  constructor(
    private readonly runtime: EdgeRuntime,
    private readonly pool: UpstreamPool,
    private readonly reservations: Reservations,
    private readonly limits: ResultLimits,
  ) {
    this.maxPacketBytes = limits.maxBytes + 64 * 1024;
  }

  async execute(credential: Credential, state: SessionState, query: string): Promise<ExecuteOutcome> {
    const text = Buffer.from(query, 'utf8').toString('latin1');
    const ranges = splitStatements(text);
    if (ranges.length > 1) return { error: multipleStatements(text, ranges[1]!) };
    const qs = new HttpQuerySession(credential, state, this.runtime);
    const range = ranges[0];
    if (!range) return this.forward(qs, text, undefined);
    const planned = planStatement(qs, text, range);
    let plan: Exclude<typeof planned, { action: 'deferred' }>;
    try {
      plan = planned.action === 'deferred' ? await planned.resolve() : planned;
    } catch (err) {
      return { error: edgeError(internalError(`sequence: ${(err as Error).message}`)) };
    }
    switch (plan.action) {
      case 'error': return { error: edgeError(plan.error) };
      case 'local': return this.answerLocally(plan.run);
      case 'forward': {
        const sql = plan.text === undefined ? text : text.slice(0, range.start) + plan.text + text.slice(range.end);
        qs.spread = plan.spread ?? null;
        return this.forward(qs, sql, plan.after);
      }
      case 'each': return this.forwardEach(qs, plan.texts);
      // Only prepared statements are emulated, and the HTTP API has none.
      case 'emulate': return { error: edgeError(internalError('a prepared statement plan for a query')) };
    }
  }

  /**
   * A write routed to several shards: each shard's statement in turn on one reserved connection,
   * inside a transaction (or a savepoint when the session has one open), rows affected added up; a
   * failure on any shard undoes the others, as on the MySQL protocol.
   */
  private async forwardEach(qs: HttpQuerySession, texts: readonly string[]): Promise<ExecuteOutcome> {
    const { open, done, undo } = atomicWrap(qs.state.inTransaction);
    const opened = await this.forward(qs, open, undefined);
    if (opened.error) return opened;
    let affected = 0n;
    let insertId = 0n;
    for (const sql of texts) {
      const out = await this.forward(qs, sql, undefined);
      if (out.error || !out.result) {
        await this.forward(qs, undo, undefined);
        return out;
      }
      affected += BigInt(out.result.rowsAffected ?? '0');
      if (insertId === 0n) insertId = BigInt(out.result.insertId ?? '0');
    }
    const closed = await this.forward(qs, done, undefined);
    if (closed.error) return closed;
    return { result: okResult(affected, insertId) };
  }

  private async answerLocally(run: () => Promise<LocalResult>): Promise<ExecuteOutcome> {
    let result: LocalResult;
    try {
      result = await run();
    } catch (err) {
      return { error: edgeError(err instanceof SqlError ? err : internalError((err as Error).message)) };
    }
    if (result.kind === 'ok') return { result: okResult(BigInt(result.affectedRows ?? 0), 0n) };
    return { result: { fields: result.columns.map(localField), rows: result.rows.map(encodeLocalRow) } };
  }

  private async forward(qs: HttpQuerySession, sql: string, after: (() => void) | undefined): Promise<ExecuteOutcome> {
    const { credential, state, target } = qs;
    const tablet = tabletOf(qs, sql);
    if (target === null) return { error: edgeError(unknownKeyspace(state.target || credential.branch.database)) };
    if (state.reservedId !== null) {
      const reservation = this.reservations.get(state.reservedId, credential.username);
      if (!reservation) return { error: this.lostReservation(state, tablet) };
      return this.reservations.serialize(reservation, () => this.run(qs, reservation, reservation.conn, sql, after, tablet));
    }
    let conn: UpstreamQueryConnection;
    try {
      conn = await this.pool.acquire(credential.username, () => this.dial(credential, physicalOf(target)));
    } catch (err) {
      return { error: this.connectFailure(err, qs, tablet) };
    }
    return this.run(qs, null, conn, sql, after, tablet);
  }

  private async dial(credential: Credential, database: string): Promise<UpstreamQueryConnection> {
    const databases = branchDatabases(credential.branch);
    const { host, port, socketPath } = this.runtime.upstream;
    const open = async () => {
      const account = await this.runtime.accounts.ensure(credential.username, databases);
      return UpstreamQueryConnection.open(
        { host, port, socketPath, user: account.user, password: account.password, database, collation: connectionCollation },
        this.maxPacketBytes,
      );
    };
    try {
      return await open();
    } catch (err) {
      // The account may have been changed behind the edge's back: re-provision once.
      if (!(err instanceof ServerErrorPacket && err.errno === 1045)) throw err;
      this.runtime.accounts.invalidate(credential.username);
      return open();
    }
  }

  private connectFailure(err: unknown, qs: HttpQuerySession, tablet: TabletContext): RpcError {
    if (err instanceof PoolTimeout) return tabletError('RESOURCE_EXHAUSTED', err.message, tablet);
    if (err instanceof ServerErrorPacket && err.errno === 1049 && qs.target && qs.target !== informationSchema) {
      return edgeError(unknownKeyspace(qs.target.keyspace));
    }
    this.runtime.log.warn('edge HTTP API could not open an upstream connection', { error: (err as Error).message });
    return edgeError(upstreamUnavailable((err as Error).message));
  }

  /** The session names a connection that is gone: a killed transaction, or one from before a restart. */
  private lostReservation(state: SessionState, tablet: TabletContext): RpcError {
    const id = state.reservedId!;
    const tombstone = this.reservations.tombstone(id);
    state.reservedId = null;
    state.inTransaction = false;
    const what = tombstone ? `ended at ${formatTime(tombstone.endedAt)} (${tombstone.reason})` : 'not found';
    return tabletError('ABORTED', `transaction ${id}: ${what}`, tablet);
  }

  private async run(
    qs: HttpQuerySession, reservation: Reservation | null, conn: UpstreamQueryConnection, sql: string,
    after: (() => void) | undefined, tablet: TabletContext,
  ): Promise<ExecuteOutcome> {
    const { state } = qs;
    let outcome: QueryOutcome;
    try {
      const physical = physicalOf(qs.target!);
      if (conn.database !== physical) {
        const refused = await conn.selectDatabase(physical);
        if (refused) {
          this.settle(qs, reservation, conn, state.inTransaction, 'none', tablet);
          return { error: mysqlError(refused.errno, refused.sqlState, refused.message, tablet) };
        }
      }
      outcome = await conn.query(sql, this.limits);
    } catch (err) {
      return { error: this.connectionLost(err, qs, reservation, conn, tablet) };
    }
    const succeeded = outcome.kind === 'ok' || outcome.kind === 'rows';
    if (succeeded && after) {
      const before = qs.target;
      after();
      // A USE ran on this connection: it is in the new database now.
      if (qs.target && qs.target !== before) conn.database = physicalOf(qs.target);
    }
    // An ERR packet carries no status: a failed statement leaves a transaction open, except a deadlock.
    const inTransaction = outcome.kind === 'error' ? state.inTransaction && outcome.errno !== 1213 : (outcome.status & ServerStatus.IN_TRANS) !== 0;
    const refused = this.settle(qs, reservation, conn, inTransaction, succeeded ? connectionEffect(sql) : 'none', tablet);
    if (refused) return { error: refused };
    return this.answer(qs, outcome, tablet);
  }

  private connectionLost(err: unknown, qs: HttpQuerySession, reservation: Reservation | null, conn: UpstreamQueryConnection, tablet: TabletContext): RpcError {
    const { state } = qs;
    // A reservation that a limit ended has had its connection closed already.
    if (!reservation || this.reservations.remove(reservation.id)) this.pool.discard(conn);
    const tombstone = reservation ? this.reservations.tombstone(reservation.id) : null;
    if (tombstone) return this.lostReservation(state, tablet);
    state.reservedId = null;
    state.inTransaction = false;
    if (err instanceof PacketTooLargeError) return this.tooLarge(this.limits.maxBytes + 1, tablet);
    this.runtime.log.warn('edge HTTP API lost an upstream connection', { error: (err as Error).message });
    return edgeError(upstreamUnavailable((err as Error).message));
  }

  /** Keeps, takes or gives back the connection after a statement; an error when no reservation is left. */
  private settle(
    qs: HttpQuerySession, reservation: Reservation | null, conn: UpstreamQueryConnection, inTransaction: boolean,
    effect: ConnectionEffect, tablet: TabletContext,
  ): RpcError | null {
    const { state, credential } = qs;
    const settings = (reservation?.settings ?? false) || effect === 'settings';
    let nextTransaction = (reservation?.nextTransaction ?? false) || effect === 'next-transaction';
    if (reservation?.inTransaction && !inTransaction) nextTransaction = false;
    if (!inTransaction && !settings && !nextTransaction) {
      if (reservation) this.reservations.remove(reservation.id);
      this.pool.release(credential.username, conn);
      state.reservedId = null;
      state.inTransaction = false;
      return null;
    }
    let r = reservation;
    if (!r) {
      r = this.reservations.add(credential.username, conn);
      if (!r) {
        // Closing the connection rolls back whatever the statement began.
        this.pool.discard(conn);
        state.reservedId = null;
        state.inTransaction = false;
        return tabletError('RESOURCE_EXHAUSTED', 'transaction pool connection limit exceeded', tablet);
      }
    }
    if (inTransaction && !r.inTransaction) r.transactionStartedAt = Date.now();
    if (!inTransaction) r.transactionStartedAt = null;
    r.inTransaction = inTransaction;
    r.settings = settings;
    r.nextTransaction = nextTransaction;
    this.reservations.touch(r);
    state.reservedId = r.id;
    state.inTransaction = inTransaction;
    return null;
  }

  private tooLarge(bytes: number, tablet: TabletContext): RpcError {
    return tabletError('RESOURCE_EXHAUSTED', `grpc: trying to send message larger than max (${bytes} vs. ${this.limits.maxBytes})`, tablet);
  }

  private answer(qs: HttpQuerySession, outcome: QueryOutcome, tablet: TabletContext): ExecuteOutcome {
    const { state, credential } = qs;
    switch (outcome.kind) {
      case 'error':
        return { error: mysqlError(outcome.errno, outcome.sqlState, outcome.message, tablet) };
      case 'too-many-rows':
        return {
          error: tabletError('ABORTED', `caller id: ${credential.username}: row count exceeded ${this.limits.maxRows} (errno 10001) (sqlstate HY000)`, tablet),
        };
      case 'too-large':
        return { error: this.tooLarge(outcome.bytes, tablet) };
      case 'ok':
        state.rowCount = outcome.affectedRows;
        state.foundRows = 0n;
        if (outcome.insertId !== 0n) state.lastInsertId = outcome.insertId;
        return { result: okResult(outcome.affectedRows, outcome.insertId) };
      case 'rows': {
        const names = LogicalNames.of(credential.branch).forDerived(qs.spread);
        const flagged = outcome.columns.map((c) => holdsSchemaNames(c.name, c.orgName));
        const schemaCells = flagged.some(Boolean);
        state.rowCount = -1n;
        state.foundRows = BigInt(outcome.rows.length);
        return {
          result: {
            fields: outcome.columns.map((c) => upstreamField(c, (db, table) => names.schema(db, table), (n) => names.column(n))),
            rows: outcome.rows.map((r) => encodeRow(schemaCells ? renameSchemaCells(r, flagged, (db) => names.keyspaceOf(db)) : r)),
          },
        };
      }
    }
  }
}
