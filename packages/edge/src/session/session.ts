// One client connection: the login, the upstream connection made for it, and the command loop. Commands
// are handled one at a time; upstream responses stream straight to the client while a tracker follows
// them to know when each ends. Whatever happens, both sockets are closed exactly once.
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import type { MigrationEngine } from '@localscale/vitess';
import {
  databaseAccessDenied, internalError, packetTooLarge, SqlError, unknownCommand, unknownKeyspace, unknownThread, unsupported, upstreamUnavailable,
} from '../errors.js';
import { Command, ServerStatus } from '../protocol/constants.js';
import { PacketTooLargeError, type Packet } from '../protocol/framing.js';
import { ServerErrorPacket } from '../protocol/handshake.js';
import { errPayload, framePayloads, okPayload, resultSetPayloads } from '../protocol/packets.js';
import { ColumnRenamer } from '../protocol/column-renamer.js';
import { LogicalNames } from '../protocol/logical-names.js';
import { ResponseTracker, type ResponseKind } from '../protocol/response.js';
import { commandFrame, frame, PayloadReader, ProtocolError } from '../protocol/wire.js';
import { readExecuteParams } from '../protocol/execute-params.js';
import { atomicWrap, withParameters } from '../vtgate/route.js';
import { splitStatements } from '@localscale/mysql';
import type { Credential } from '../types.js';
import type { VitessContext } from '../vitess/execute.js';
import { VitessVariables } from '../vitess/variables.js';
import type { UpstreamAccount } from './accounts.js';
import { ConnectionClosed, type PacketChannel } from './channel.js';
import { login, LoginRefused, type Login } from './login.js';
import { planPrepared, planStatement, type Plan, type QuerySession } from './query.js';
import type { LocalResult } from './result.js';
import { branchDatabases, informationSchema, resolveTarget, type Target } from './routing.js';
import type { EdgeRuntime, SessionHandle } from './runtime.js';
import { connectUpstream, type UpstreamConnection } from './upstream.js';

const quitPacket = frame(Buffer.from([Command.QUIT]), 0).bytes;

/** The payloads of whole packets in `bytes` (responses collected by the session are small: OK or ERR). */
function payloadsOf(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i + 4 <= bytes.length;) {
    const length = bytes.readUIntLE(i, 3);
    out.push(bytes.subarray(i + 4, i + 4 + length));
    i += 4 + length;
  }
  return out;
}

/** The counts of an OK packet's payload. */
function readOk(payload: Buffer): { affectedRows: number; lastInsertId: number; warnings: number } {
  const r = new PayloadReader(payload.subarray(1));
  const affectedRows = r.lenenc() ?? 0;
  const lastInsertId = r.lenenc() ?? 0;
  r.u16();
  return { affectedRows, lastInsertId, warnings: r.u16() };
}

export class Session implements SessionHandle, QuerySession {
  username: string | null = null;
  upstreamThreadId: number | null = null;
  target: Target | typeof informationSchema | null = null;
  readonly variables = new VitessVariables();

  private client: Duplex;
  private channel: PacketChannel | null = null;
  private upstream: net.Socket | null = null;
  private login: Login | null = null;
  private tracker: ResponseTracker | null = null;
  /** Set with `tracker`: the stage that gives the response's column definitions logical names. */
  private renamer: ColumnRenamer | null = null;
  private names: LogicalNames | null = null;
  /** The tracker and renamer objects, reused command after command (a session runs one at a time). */
  private spareTracker: ResponseTracker | null = null;
  private spareRenamer: ColumnRenamer | null = null;
  /** While set, upstream responses are collected here instead of streaming to the client. */
  private capture: Buffer[] | null = null;
  /** Prepared writes on sharded keyspaces, routed per execution: by upstream statement id. */
  private readonly emulated = new Map<number, { template: string; params: number; types: number[] | null }>();
  private wake: (() => void) | null = null;
  private upstreamGone = false;
  private status: number = ServerStatus.AUTOCOMMIT;
  private closed = false;
  private engine: Promise<MigrationEngine | null> | null = null;
  /** Resolves when the upstream socket has closed (at once if there never was one). */
  private upstreamClosed: Promise<void> = Promise.resolve();

  constructor(readonly id: number, private readonly socket: net.Socket, private readonly runtime: EdgeRuntime) {
    this.client = socket;
    socket.setNoDelay(true);
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  get credential(): Credential { return this.login!.credential; }

  /** Serves the connection until it ends and both its sockets are closed; never throws. */
  async run(): Promise<void> {
    const timer = setTimeout(() => {
      this.runtime.stats.protocolErrors += 1;
      this.runtime.log.debug('edge handshake timed out', { id: this.id });
      this.close();
    }, this.runtime.handshakeTimeoutMs);
    try {
      this.login = await login(this.runtime, this.id, this.socket, (client) => {
        this.client = client;
        client.on('error', () => this.close());
        client.on('close', () => this.close());
      });
      this.username = this.login.credential.username;
      this.channel = this.login.channel;
      this.target = this.login.target;
      await this.connectUpstream();
      clearTimeout(timer);
      this.runtime.stats.authenticated += 1;
      this.channel.limit = this.runtime.maxPacketBytes;
      this.writeRaw(frame(okPayload({ status: this.status }), this.login.seq).bytes);
      await this.commandLoop();
    } catch (err) {
      this.onFailure(err);
    } finally {
      clearTimeout(timer);
      this.close();
      await this.upstreamClosed;
    }
  }

  private onFailure(err: unknown): void {
    if (err instanceof LoginRefused) {
      if (err.reason === 'protocol') this.runtime.stats.protocolErrors += 1;
      return;
    }
    if (err instanceof PacketTooLargeError) {
      this.runtime.stats.protocolErrors += 1;
      this.sendError(packetTooLarge(), 1);
      return;
    }
    if (err instanceof ProtocolError) {
      this.runtime.stats.protocolErrors += 1;
      return;
    }
    if (!(err instanceof ConnectionClosed)) this.runtime.log.warn('edge session failed', { id: this.id, error: (err as Error).message });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.runtime.sessions.delete(this.id);
    this.runtime.stats.connections -= 1;
    this.client.destroy();
    this.socket.destroy();
    this.quitUpstream();
    this.channel?.abort();
    this.upstreamGone = true;
    this.wakeUp();
  }

  // ---- upstream ----

  /**
   * Says COM_QUIT before closing, so MySQL does not log an aborted connection for every client that
   * disconnects; a server still busy with a query gets its socket closed shortly after.
   */
  private quitUpstream(): void {
    const upstream = this.upstream;
    if (!upstream || upstream.destroyed) return;
    if (this.upstreamGone) {
      upstream.destroy();
      return;
    }
    upstream.end(quitPacket);
    setTimeout(() => upstream.destroy(), 1000).unref();
  }

  private async connectUpstream(): Promise<void> {
    const { credential, response, capabilities } = this.login!;
    const database = this.target === null ? null : this.target === informationSchema ? informationSchema : this.target.database;
    const attempt = (account: UpstreamAccount) => connectUpstream({
      host: this.runtime.upstream.host, port: this.runtime.upstream.port, socketPath: this.runtime.upstream.socketPath, user: account.user, password: account.password,
      database, capabilities, collation: response.collation, maxPacketSize: response.maxPacketSize || 1 << 24,
      attributes: response.attributes,
    });
    let connection: UpstreamConnection;
    try {
      const databases = branchDatabases(credential.branch);
      try {
        connection = await attempt(await this.runtime.accounts.ensure(credential.username, databases));
      } catch (err) {
        // The account may have been changed behind the edge's back: re-provision once.
        if (!(err instanceof ServerErrorPacket && err.errno === 1045)) throw err;
        this.runtime.accounts.invalidate(credential.username);
        connection = await attempt(await this.runtime.accounts.ensure(credential.username, databases));
      }
    } catch (err) {
      const error = err instanceof ServerErrorPacket && err.errno === 1049 && this.target && this.target !== informationSchema
        ? unknownKeyspace(this.target.keyspace)
        : upstreamUnavailable((err as Error).message);
      this.runtime.log.warn('edge could not open the upstream connection', { id: this.id, error: (err as Error).message });
      this.sendError(error, this.login!.seq);
      throw new LoginRefused('database', error.message);
    }
    if (this.closed) {
      connection.socket.destroy();
      throw new ConnectionClosed();
    }
    const upstream = connection.socket;
    this.upstream = upstream;
    this.upstreamThreadId = connection.greeting.connectionId;
    this.status = connection.status || ServerStatus.AUTOCOMMIT;
    this.runtime.stats.upstreamConnections += 1;
    upstream.on('data', (chunk: Buffer) => this.onUpstreamData(chunk));
    upstream.on('error', () => undefined);
    this.upstreamClosed = new Promise((resolve) => upstream.once('close', () => resolve()));
    upstream.on('close', () => {
      this.runtime.stats.upstreamConnections -= 1;
      this.upstreamGone = true;
      this.wakeUp();
      // The server closed the session (wait_timeout, KILL, shutdown): so does the edge.
      if (!this.tracker) this.close();
    });
  }

  private onUpstreamData(chunk: Buffer): void {
    // The renamer feeds the tracker; bytes that come with no response pending go on as they are.
    const bytes = this.renamer ? this.renamer.push(chunk) : chunk;
    if (this.capture) {
      this.capture.push(bytes);
      this.wakeUp();
      return;
    }
    if (bytes.length && !this.client.destroyed && !this.client.write(bytes)) {
      const upstream = this.upstream!;
      upstream.pause();
      this.client.once('drain', () => upstream.resume());
    }
    this.wakeUp();
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private nextUpstreamEvent(): Promise<void> {
    return new Promise((resolve) => { this.wake = resolve; });
  }

  /** A tracker for the next response, with the renaming stage the upstream bytes go through. */
  private track(kind: ResponseKind, spread: string | null = null): ResponseTracker {
    this.names ??= LogicalNames.of(this.credential.branch);
    const names = this.names.forDerived(spread);
    const tracker = this.spareTracker?.reset(kind) ?? new ResponseTracker(kind);
    this.spareTracker = tracker;
    this.tracker = tracker;
    this.renamer = this.spareRenamer?.reset(tracker, names) ?? new ColumnRenamer(tracker, names);
    this.spareRenamer = this.renamer;
    return tracker;
  }

  private untrack(): void {
    this.tracker = null;
    this.renamer = null;
  }

  /**
   * Sends a command upstream and relays the response; resolves with the tracker once it is complete
   * (valid until the next command: the session reuses it).
   */
  private relay(payload: Buffer, seq: number, kind: ResponseKind | 'none', spread: string | null = null): Promise<ResponseTracker | null> {
    return this.relayFrame(frame(payload, seq).bytes, kind, spread);
  }

  /** `relay` of a client's command unchanged: the bytes as they came when they came as one frame. */
  private relayPacket(packet: Packet, kind: ResponseKind | 'none', spread: string | null = null): Promise<ResponseTracker | null> {
    return this.relayFrame(packet.received ?? frame(packet.payload, packet.seq).bytes, kind, spread);
  }

  private async relayFrame(command: Buffer, kind: ResponseKind | 'none', spread: string | null): Promise<ResponseTracker | null> {
    if (this.upstreamGone) throw new ConnectionClosed('upstream closed');
    if (kind === 'none') {
      this.upstream!.write(command);
      return null;
    }
    const tracker = this.track(kind, spread);
    this.upstream!.write(command);
    try {
      while (!tracker.done) {
        if (tracker.localInfileRequested) {
          await this.relayLocalInfile();
          tracker.localInfileRequested = false;
          continue;
        }
        if (this.upstreamGone) throw new ConnectionClosed('upstream closed');
        await this.nextUpstreamEvent();
      }
    } finally {
      this.untrack();
    }
    if (tracker.status) this.status = tracker.status;
    return tracker;
  }

  /** Runs one statement upstream and collects its response instead of relaying it: the payloads. */
  private async captured(sql: string): Promise<Buffer[]> {
    return payloadsOf(await this.collect(commandFrame(Command.QUERY, sql), 'query'));
  }

  /** Sends a framed command upstream and collects its whole response (framed as received) instead of relaying it. */
  private async collect(command: Buffer, kind: ResponseKind): Promise<Buffer> {
    if (this.upstreamGone) throw new ConnectionClosed('upstream closed');
    const tracker = this.track(kind);
    this.capture = [];
    this.upstream!.write(command);
    let bytes: Buffer;
    try {
      while (!tracker.done) {
        if (this.upstreamGone) throw new ConnectionClosed('upstream closed');
        await this.nextUpstreamEvent();
      }
    } finally {
      bytes = Buffer.concat(this.capture);
      this.capture = null;
      this.untrack();
    }
    if (tracker.status) this.status = tracker.status;
    return bytes;
  }

  /**
   * A write vtgate sends to several shards. Every shard is a database on the one upstream server, so
   * the parts run on this session's connection inside a transaction (or a savepoint when one is open):
   * the client sees one result, and a failure on any shard undoes the others.
   */
  private async runEach(texts: readonly string[], seq: number): Promise<void> {
    const outside = (this.status & ServerStatus.AUTOCOMMIT) !== 0 && (this.status & ServerStatus.IN_TRANS) === 0;
    const { open, done, undo } = atomicWrap(!outside);
    const first = (payloads: Buffer[]) => payloads[0] ?? Buffer.from([0xff]);
    const opened = first(await this.captured(open));
    if (opened[0] !== 0x00) return this.writeRaw(frame(opened, seq).bytes);
    let affected = 0;
    let insertId = 0;
    let warnings = 0;
    for (const text of texts) {
      const result = first(await this.captured(text));
      if (result[0] !== 0x00) {
        await this.captured(undo);
        return this.writeRaw(frame(result, seq).bytes);
      }
      const ok = readOk(result);
      affected += ok.affectedRows;
      insertId ||= ok.lastInsertId;
      warnings += ok.warnings;
    }
    const closed = first(await this.captured(done));
    if (closed[0] !== 0x00) return this.writeRaw(frame(closed, seq).bytes);
    this.writeRaw(frame(okPayload({ affectedRows: affected, lastInsertId: insertId, warnings, status: this.status }), seq).bytes);
  }

  /** LOAD DATA LOCAL INFILE: the client's file packets go upstream until its empty packet. */
  private async relayLocalInfile(): Promise<void> {
    for (;;) {
      const p = await this.channel!.read();
      this.upstream!.write(frame(p.payload, p.seq).bytes);
      if (p.payload.length === 0) return;
    }
  }

  // ---- commands ----

  private async commandLoop(): Promise<void> {
    for (;;) {
      const packet = await this.channel!.read();
      const command = packet.payload[0];
      switch (command) {
        case Command.QUIT:
          return;
        case Command.QUERY:
          await this.onQuery(packet);
          break;
        case Command.INIT_DB:
          await this.onInitDb(packet);
          break;
        case Command.STMT_PREPARE:
          await this.onPrepare(packet);
          break;
        case Command.STMT_EXECUTE:
          if (this.emulated.has(packet.payload.readUInt32LE(1))) await this.onEmulatedExecute(packet);
          else await this.relayPacket(packet, 'execute');
          break;
        case Command.STMT_FETCH:
          await this.relayPacket(packet, 'fetch');
          break;
        case Command.STMT_CLOSE:
          this.emulated.delete(packet.payload.readUInt32LE(1));
          await this.relayPacket(packet, 'none');
          break;
        case Command.STMT_SEND_LONG_DATA:
          await this.relayPacket(packet, 'none');
          break;
        case Command.FIELD_LIST:
          await this.relayPacket(packet, 'field_list');
          break;
        case Command.RESET_CONNECTION:
          this.variables.reset();
          await this.relayPacket(packet, 'single');
          break;
        case Command.PING:
        case Command.STATISTICS:
        case Command.STMT_RESET:
        case Command.SET_OPTION:
          await this.relayPacket(packet, 'single');
          break;
        case Command.PROCESS_KILL:
          await this.onProcessKill(packet);
          break;
        case Command.CREATE_DB:
        case Command.DROP_DB:
          this.sendError(databaseAccessDenied(this.credential.username, packet.payload.toString('utf8', 1)), packet.seq + 1);
          break;
        default:
          this.sendError(unknownCommand(command ?? 0), packet.seq + 1);
      }
    }
  }

  private async onInitDb(packet: Packet): Promise<void> {
    const name = packet.payload.toString('utf8', 1);
    const target = resolveTarget(this.credential.branch, name);
    if (target === null) return this.sendError(unknownKeyspace(name), packet.seq + 1);
    const physical = target === informationSchema ? informationSchema : target.database;
    const tracker = await this.relayFrame(commandFrame(Command.INIT_DB, physical, 'utf8'), 'single', null);
    if (tracker && !tracker.errored) this.target = target;
  }

  private async onProcessKill(packet: Packet): Promise<void> {
    const id = packet.payload.length >= 5 ? packet.payload.readUInt32LE(1) : -1;
    const other = this.runtime.sessions.get(id);
    if (!other || other.username !== this.credential.username || other.upstreamThreadId === null) {
      return this.sendError(unknownThread(String(id)), packet.seq + 1);
    }
    const payload = Buffer.alloc(5);
    payload[0] = Command.PROCESS_KILL;
    payload.writeUInt32LE(other.upstreamThreadId, 1);
    await this.relay(payload, packet.seq, 'single');
  }

  private async onPrepare(packet: Packet): Promise<void> {
    const plan = planPrepared(this, packet.payload.toString('latin1', 1));
    if (plan.action === 'error') return this.sendError(plan.error, packet.seq + 1);
    if (plan.action === 'emulate') return this.prepareEmulated(plan.prepare, plan.template);
    // A read of sharded tables is prepared as its routed text.
    const text = plan.action === 'forward' ? plan.text : undefined;
    const spread = plan.action === 'forward' ? plan.spread ?? null : null;
    if (text === undefined) await this.relayPacket(packet, 'prepare', spread);
    else await this.relayFrame(commandFrame(Command.STMT_PREPARE, text), 'prepare', spread);
  }

  /**
   * A write on a sharded keyspace, prepared: MySQL prepares it on the first shard (the client gets that
   * statement's id, parameter count and metadata), and each execution is routed with its values.
   */
  private async prepareEmulated(prepare: string, template: string): Promise<void> {
    const bytes = await this.collect(commandFrame(Command.STMT_PREPARE, prepare), 'prepare');
    const first = payloadsOf(bytes)[0];
    if (first && first[0] === 0x00 && first.length >= 9) {
      this.emulated.set(first.readUInt32LE(1), { template, params: first.readUInt16LE(7), types: null });
    }
    this.writeRaw(bytes);
  }

  private async onEmulatedExecute(packet: Packet): Promise<void> {
    const statement = this.emulated.get(packet.payload.readUInt32LE(1))!;
    let text: string | null;
    try {
      const params = readExecuteParams(packet.payload, statement.params, statement.types);
      statement.types = params.types;
      text = withParameters(statement.template, params.literals);
    } catch (err) {
      return this.sendError(new SqlError(1210, 'HY000', `Incorrect arguments to mysqld_stmt_execute: ${(err as Error).message}`), packet.seq + 1);
    }
    if (text === null) return this.sendError(new SqlError(1210, 'HY000', 'Incorrect arguments to mysqld_stmt_execute'), packet.seq + 1);
    const plan = await this.settle(planStatement(this, text, { start: 0, end: text.length }));
    switch (plan.action) {
      case 'error': return this.sendError(plan.error, packet.seq + 1);
      case 'each': return this.runEach(plan.texts, packet.seq + 1);
      case 'forward': {
        // A write answers with OK or ERR, the same packets in either protocol.
        await this.relayFrame(commandFrame(Command.QUERY, plan.text ?? text), 'query', null);
        return;
      }
      default: return this.sendError(internalError('an unexpected plan for a prepared write'), packet.seq + 1);
    }
  }

  /** A deferred plan carried out (ids from a sequence); a failure of that effect becomes its error plan. */
  private async settle(plan: Plan): Promise<Plan> {
    if (plan.action !== 'deferred') return plan;
    try {
      return await plan.resolve();
    } catch (err) {
      return { action: 'error', error: new SqlError(1105, 'HY000', `sequence: ${(err as Error).message}`) };
    }
  }

  private async onQuery(packet: Packet): Promise<void> {
    const text = packet.payload.toString('latin1', 1);
    const ranges = splitStatements(text);
    if (!ranges.length) {
      await this.relayPacket(packet, 'query');
      return;
    }
    const plans = ranges.map((r) => planStatement(this, text, r));
    const deferred = plans.findIndex((p) => p.action === 'deferred');
    if (deferred !== -1) {
      if (plans.length > 1) return this.sendError(unsupported('a statement that takes ids from a Vitess sequence inside a multi-statement query'), packet.seq + 1);
      plans[0] = await this.settle(plans[0]!);
    }
    const refused = plans.find((p): p is Extract<Plan, { action: 'error' }> => p.action === 'error');
    if (refused) return this.sendError(refused.error, packet.seq + 1);
    const each = plans.find((p): p is Extract<Plan, { action: 'each' }> => p.action === 'each');
    if (each) {
      if (plans.length > 1) return this.sendError(unsupported('a statement routed to several shards inside a multi-statement query'), packet.seq + 1);
      return this.runEach(each.texts, packet.seq + 1);
    }
    const locals = plans.filter((p) => p.action === 'local').length;
    if (locals === plans.length) return this.answerLocally(plans as Extract<Plan, { action: 'local' }>[], packet.seq + 1);
    if (locals > 0) {
      return this.sendError(unsupported('statements LocalScale answers itself mixed with other statements in one multi-statement query'), packet.seq + 1);
    }
    const forwards = plans as Extract<Plan, { action: 'forward' }>[];
    const spread = forwards.find((p) => p.spread !== undefined)?.spread ?? null;
    let tracker: ResponseTracker | null;
    if (forwards.some((p) => p.text !== undefined)) {
      let rewritten = text;
      for (let i = ranges.length - 1; i >= 0; i--) {
        const replacement = forwards[i]!.text;
        if (replacement !== undefined) rewritten = rewritten.slice(0, ranges[i]!.start) + replacement + rewritten.slice(ranges[i]!.end);
      }
      tracker = await this.relayFrame(commandFrame(Command.QUERY, rewritten), 'query', spread);
    } else {
      // Nothing to rewrite: the command goes upstream as the bytes it came in.
      tracker = await this.relayPacket(packet, 'query', spread);
    }
    if (!tracker) return;
    forwards.forEach((p, i) => { if (p.after && (!tracker.errored || i < tracker.results)) p.after(); });
  }

  private async answerLocally(plans: Extract<Plan, { action: 'local' }>[], seq: number): Promise<void> {
    const payloads: Buffer[] = [];
    for (let i = 0; i < plans.length; i++) {
      const more = i < plans.length - 1;
      const status = (this.status & ~ServerStatus.MORE_RESULTS_EXISTS) | (more ? ServerStatus.MORE_RESULTS_EXISTS : 0);
      let result: LocalResult;
      try {
        result = await plans[i]!.run();
      } catch (err) {
        const e = err instanceof SqlError ? err : new SqlError(1105, 'HY000', (err as Error).message);
        payloads.push(errPayload(e.errno, e.sqlState, e.message));
        break;
      }
      if (result.kind === 'ok') payloads.push(okPayload({ affectedRows: result.affectedRows, status }));
      else payloads.push(...resultSetPayloads(result.columns, result.rows, status));
    }
    this.writeRaw(framePayloads(payloads, seq).bytes);
  }

  // ---- QuerySession ----

  get sequences() { return this.runtime.sequences; }

  schemaChanged(): void {
    this.runtime.onSchemaChange(this.credential.branch);
  }

  findSession(id: number): SessionHandle | undefined {
    return this.runtime.sessions.get(id);
  }

  setTarget(target: Target | typeof informationSchema): void {
    this.target = target;
  }

  vitessContext(): VitessContext {
    const route = this.credential.branch;
    return {
      route,
      keyspace: this.target && this.target !== informationSchema ? this.target.keyspace : null,
      variables: this.variables,
      engine: () => {
        // One look-up per session; a failed one is retried on the next statement.
        this.engine ??= (this.runtime.vitess ? this.runtime.vitess.engineFor(route) : Promise.resolve(null))
          .catch((err: unknown) => { this.engine = null; throw err; });
        return this.engine;
      },
    };
  }

  // ---- output ----

  private writeRaw(bytes: Buffer): void {
    if (!this.client.destroyed) this.client.write(bytes);
  }

  private sendError(error: SqlError, seq: number): void {
    this.writeRaw(frame(errPayload(error.errno, error.sqlState, error.message), seq).bytes);
  }
}

