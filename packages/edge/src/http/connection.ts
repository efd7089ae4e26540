// An upstream MySQL connection for the HTTP API: the edge is the client, sends one COM_QUERY at a time
// and parses the response as it arrives (in the socket's data callback, no await per packet), keeping
// each row's cells as raw text-protocol bytes, which is exactly what psdb's QueryResult carries. Rows
// past the row or byte limit are read and dropped, so an oversized result leaves the connection usable.
import { connectUpstream, type UpstreamLogin } from '../session/upstream.js';
import { Command, ServerStatus } from '../protocol/constants.js';
import { PacketFramer, type Packet } from '../protocol/framing.js';
import { errorFromPayload, mariadbExtendedMetadata } from '../protocol/handshake.js';
import { commandFrame, frame, PayloadReader, ProtocolError } from '../protocol/wire.js';
import { ConnectionClosed } from '../session/channel.js';
import type net from 'node:net';

export interface ColumnDefinition {
  schema: string;
  table: string;
  orgTable: string;
  name: string;
  orgName: string;
  charset: number;
  length: number;
  type: number;
  flags: number;
  decimals: number;
  /** MariaDB's extended type format (e.g. `json` for a JSON column, which MariaDB stores as LONGTEXT). */
  format: string | null;
}

export interface RawRow {
  /** Byte length of each cell; -1 for NULL. */
  lengths: number[];
  /** The non-NULL cells' bytes, concatenated. */
  values: Buffer;
}

export interface ResultLimits { maxRows: number; maxBytes: number }

export type QueryOutcome =
  | { kind: 'ok'; affectedRows: bigint; insertId: bigint; status: number }
  | { kind: 'rows'; columns: ColumnDefinition[]; rows: RawRow[]; status: number }
  | { kind: 'error'; errno: number; sqlState: string; message: string; status: number }
  /** The result went past a limit; it was read to its end and dropped. */
  | { kind: 'too-many-rows'; status: number }
  | { kind: 'too-large'; bytes: number; status: number };

/** Capabilities the HTTP API asks for: one statement per query, stored procedures' result sets, found rows. */
const wanted = 0x1 | 0x2 | 0x200 | 0x2000 | 0x8000 | 0x20000 | 0x40000 | 0x80000;

const EOF_MAX = 9;

function lenencBig(r: PayloadReader): bigint {
  const first = r.u8();
  if (first < 0xfb) return BigInt(first);
  if (first === 0xfc) return BigInt(r.u16());
  if (first === 0xfd) return BigInt(r.u24());
  if (first === 0xfe) return r.bytes(8).readBigUInt64LE(0);
  throw new ProtocolError('invalid length-encoded integer');
}

function parseOk(payload: Buffer): { affectedRows: bigint; insertId: bigint; status: number } {
  const r = new PayloadReader(payload);
  r.skip(1);
  const affectedRows = lenencBig(r);
  const insertId = lenencBig(r);
  const status = r.remaining >= 2 ? r.u16() : 0;
  return { affectedRows, insertId, status };
}

function parseColumn(payload: Buffer, extendedMetadata: boolean): ColumnDefinition {
  const r = new PayloadReader(payload);
  const text = () => r.lenencBytes().toString('utf8');
  r.lenencBytes(); // catalog
  const schema = text(), table = text(), orgTable = text(), name = text(), orgName = text();
  let format: string | null = null;
  if (extendedMetadata) {
    const extra = new PayloadReader(r.lenencBytes());
    while (extra.remaining) {
      extra.u8(); // 0 = type name, 1 = format: either may say json
      const value = extra.lenencBytes().toString('latin1').toLowerCase();
      if (value === 'json') format = value;
    }
  }
  r.lenenc();
  const charset = r.u16(), length = r.u32(), type = r.u8(), flags = r.u16(), decimals = r.u8();
  return { schema, table, orgTable, name, orgName, charset, length, type, flags, decimals, format };
}

function parseRow(payload: Buffer, columns: number): RawRow {
  const lengths = new Array<number>(columns);
  const values = Buffer.allocUnsafe(payload.length);
  let size = 0;
  const r = new PayloadReader(payload);
  for (let i = 0; i < columns; i++) {
    if (payload[r.offset] === 0xfb) {
      r.skip(1);
      lengths[i] = -1;
      continue;
    }
    const cell = r.lenencBytes();
    cell.copy(values, size);
    size += cell.length;
    lengths[i] = cell.length;
  }
  return { lengths, values: values.subarray(0, size) };
}

type ReadState =
  | { s: 'first' }
  | { s: 'columns'; left: number; columns: ColumnDefinition[] }
  | { s: 'eof'; columns: ColumnDefinition[] }
  | { s: 'rows'; columns: ColumnDefinition[]; rows: RawRow[] };

/** Follows one COM_QUERY response (possibly several results: CALL) to its end. */
class ResponseReader {
  private state: ReadState = { s: 'first' };
  private kept: QueryOutcome | null = null;
  private rowCount = 0;
  private bytes = 0;
  private overflow: 'rows' | 'bytes' | null = null;
  outcome: QueryOutcome | null = null;

  constructor(private readonly limits: ResultLimits, private readonly extendedMetadata: boolean) {}

  /** Feeds one packet; sets `outcome` when the response is complete. */
  onPacket(payload: Buffer): void {
    const head = payload[0];
    const st = this.state;
    switch (st.s) {
      case 'first': {
        if (head === 0xff) return this.fail(payload);
        if (head === 0x00) {
          const ok = parseOk(payload);
          if (!this.kept || this.kept.kind === 'ok') this.kept = { kind: 'ok', ...ok };
          return this.endResult(ok.status);
        }
        if (head === 0xfb) throw new ProtocolError('the server asked for a LOCAL INFILE upload');
        const count = new PayloadReader(payload).lenenc() ?? 0;
        this.state = count > 0 ? { s: 'columns', left: count, columns: [] } : { s: 'eof', columns: [] };
        return;
      }
      case 'columns':
        if (head === 0xff) return this.fail(payload);
        st.columns.push(parseColumn(payload, this.extendedMetadata));
        if (--st.left === 0) this.state = { s: 'eof', columns: st.columns };
        return;
      case 'eof':
        if (head === 0xff) return this.fail(payload);
        this.state = { s: 'rows', columns: st.columns, rows: [] };
        return;
      case 'rows':
        if (head === 0xff) return this.fail(payload);
        if (head === 0xfe && payload.length < EOF_MAX) {
          const status = payload.length >= 5 ? payload.readUInt16LE(3) : 0;
          if (!this.kept || this.kept.kind === 'ok') this.kept = { kind: 'rows', columns: st.columns, rows: st.rows, status };
          return this.endResult(status);
        }
        this.rowCount += 1;
        this.bytes += payload.length;
        if (this.overflow) return;
        if (this.rowCount > this.limits.maxRows) this.overflow = 'rows';
        else if (this.bytes > this.limits.maxBytes) this.overflow = 'bytes';
        if (this.overflow) {
          st.rows.length = 0;
          return;
        }
        st.rows.push(parseRow(payload, st.columns.length));
    }
  }

  private fail(payload: Buffer): void {
    const e = errorFromPayload(payload);
    this.outcome = { kind: 'error', errno: e.errno, sqlState: e.sqlState, message: e.message, status: 0 };
  }

  private endResult(status: number): void {
    if (status & ServerStatus.MORE_RESULTS_EXISTS) {
      this.state = { s: 'first' };
      return;
    }
    if (this.overflow === 'rows') this.outcome = { kind: 'too-many-rows', status };
    else if (this.overflow === 'bytes') this.outcome = { kind: 'too-large', bytes: this.bytes, status };
    else this.outcome = { ...this.kept!, status };
  }
}

export class UpstreamQueryConnection {
  /** The physical database selected on the server (null: none). */
  database: string | null;
  lastUsed = Date.now();
  private readonly framer: PacketFramer;
  private reader: { onPacket(p: Packet): void; fail(err: Error): void } | null = null;
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly extendedMetadata: boolean,
    database: string | null,
    maxPacketBytes: number,
    readonly threadId: number,
  ) {
    this.database = database;
    this.framer = new PacketFramer(maxPacketBytes);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) => this.fail(new ConnectionClosed(err.message)));
    socket.on('close', () => this.fail(new ConnectionClosed('upstream closed')));
  }

  static async open(login: Omit<UpstreamLogin, 'capabilities' | 'extendedCapabilities'>, maxPacketBytes: number): Promise<UpstreamQueryConnection> {
    const c = await connectUpstream({ ...login, capabilities: wanted, extendedCapabilities: mariadbExtendedMetadata });
    c.socket.setNoDelay(true);
    return new UpstreamQueryConnection(
      c.socket, (c.extendedCapabilities & mariadbExtendedMetadata) !== 0, login.database, maxPacketBytes, c.greeting.connectionId,
    );
  }

  get closed(): boolean { return this.failure !== null; }

  private receive(chunk: Buffer): void {
    let packets: Packet[];
    try {
      packets = this.framer.push(chunk);
    } catch (err) {
      return this.fail(err as Error);
    }
    for (const p of packets) {
      if (!this.reader) return this.fail(new ProtocolError('unexpected data from the upstream server'));
      this.reader.onPacket(p);
    }
    if (this.framer.failure) this.fail(this.framer.failure);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.socket.destroy();
    const r = this.reader;
    this.reader = null;
    r?.fail(err);
  }

  private command(framed: Buffer, onPacket: (p: Buffer) => boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.reader) return Promise.reject(new Error('the upstream connection is busy'));
    return new Promise<void>((resolve, reject) => {
      this.reader = {
        onPacket: (p) => {
          let done: boolean;
          try {
            done = onPacket(p.payload);
          } catch (err) {
            return this.fail(err as Error);
          }
          if (done) {
            this.reader = null;
            this.lastUsed = Date.now();
            resolve();
          }
        },
        fail: reject,
      };
      this.socket.write(framed);
    });
  }

  /** Runs one statement (latin1 text: its bytes as the client sent them); rejects only when the connection fails. */
  async query(sql: string, limits: ResultLimits): Promise<QueryOutcome> {
    const reader = new ResponseReader(limits, this.extendedMetadata);
    await this.command(commandFrame(Command.QUERY, sql), (p) => {
      reader.onPacket(p);
      return reader.outcome !== null;
    });
    return reader.outcome!;
  }

  /** COM_INIT_DB; resolves with the server's error, or null. */
  async selectDatabase(database: string): Promise<{ errno: number; sqlState: string; message: string } | null> {
    let error: { errno: number; sqlState: string; message: string } | null = null;
    await this.command(commandFrame(Command.INIT_DB, database, 'utf8'), (p) => {
      if (p[0] === 0xff) error = errorFromPayload(p);
      return true;
    });
    if (!error) this.database = database;
    return error;
  }

  close(): void {
    if (this.failure) return;
    if (!this.reader) this.socket.write(frame(Buffer.from([Command.QUIT]), 0).bytes);
    this.socket.end();
    this.fail(new ConnectionClosed('closed by the edge'));
  }
}
