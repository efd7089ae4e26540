// Follows an upstream response as it streams through, packet header by packet header, to know when it
// is complete (the edge handles one command at a time) and whether it failed. Only the first bytes of
// each packet are looked at; payloads are never buffered, so large result sets stream at full speed.
// The edge never negotiates CLIENT_DEPRECATE_EOF, so every column list and row list ends in a
// classic 5-byte EOF packet.
//
// This runs for every response the edge relays, so it reads the bytes where they are (offsets into
// the chunk, no slices) and keeps its state in numbers: nothing is allocated per packet unless a
// packet's first bytes are split across chunks.
import { maxPacketPayload, ServerStatus } from './constants.js';

/** What the command was, which decides the shape of its response. */
export type ResponseKind = 'query' | 'execute' | 'prepare' | 'fetch' | 'field_list' | 'single';

const headBytes = 32;

/** Where the response is. */
const enum At { First, Columns, Eof, Rows, FieldList }
/** What follows the EOF that closes a list of definitions. */
const enum Then { Rows, Done, PrepareColumns }
/** Set by the packet that ends the response; the response is done once that packet is complete. */
const enum Ending { None, Ok, Err }

export class ResponseTracker {
  done = false;
  /** An ERR packet ended the response. */
  errored = false;
  /** Result sets (or OK results) completed before the end or the error: the failing statement's index. */
  results = 0;
  /** Server status flags of the last OK or EOF seen. */
  status = 0;
  /** The server asked for a LOCAL INFILE upload; the client's data packets must be relayed until the empty one. */
  localInfileRequested = false;

  private at = At.First;
  /** Definitions left in the list being read (At.Columns). */
  private left = 0;
  private then = Then.Rows;
  /** A prepared statement's column count, read after its parameter list. */
  private prepareColumns = 0;
  private ending = Ending.None;

  /** The frame being read: header bytes seen, payload bytes still to come. */
  private headerHave = 0;
  private readonly header = Buffer.alloc(4);
  private frameLength = 0;
  private payloadLeft = 0;
  private lastFrameWasFull = false;
  /** The packet's first bytes, gathered here only when they arrive split across chunks. */
  private readonly head = Buffer.alloc(headBytes);
  private headNeed = 0;
  private headHave = 0;

  constructor(private kind: ResponseKind) {}

  /** Ready for the next command's response (the same object serves a session's commands one after another). */
  reset(kind: ResponseKind): this {
    this.kind = kind;
    this.done = false;
    this.errored = false;
    this.results = 0;
    this.status = 0;
    this.localInfileRequested = false;
    this.at = At.First;
    this.left = 0;
    this.then = Then.Rows;
    this.prepareColumns = 0;
    this.ending = Ending.None;
    this.headerHave = 0;
    this.frameLength = 0;
    this.payloadLeft = 0;
    this.lastFrameWasFull = false;
    this.headNeed = 0;
    this.headHave = 0;
    return this;
  }

  /** Between packets: the next byte fed starts a packet header. */
  get atBoundary(): boolean {
    return this.headerHave === 0 && !this.lastFrameWasFull;
  }

  /**
   * The next packet to start is a column definition (of a result set, a prepared statement or a field
   * list): true only between packets, so a rewriting stage can hold that packet whole before it is fed.
   */
  get nextIsColumnDefinition(): boolean {
    if (this.done || this.ending !== Ending.None || !this.atBoundary) return false;
    return this.at === At.Columns || this.at === At.FieldList || (this.at === At.First && this.kind === 'field_list');
  }

  /** The next packet to start is a text-protocol row of a COM_QUERY result set (or the EOF/ERR after them). */
  get nextIsTextRow(): boolean {
    if (this.done || this.ending !== Ending.None || !this.atBoundary) return false;
    return this.at === At.Rows && this.kind === 'query';
  }

  /**
   * Follows the bytes `chunk[start..end)`, or with `oneStep` only up to the next packet boundary;
   * returns the offset it read to.
   */
  feed(chunk: Buffer, start = 0, end = chunk.length, oneStep = false): number {
    let i = start;
    while (i < end && !this.done) {
      if (this.headerHave < 4) {
        if (this.headerHave === 0 && end - i >= 4) {
          this.frameLength = chunk[i]! | (chunk[i + 1]! << 8) | (chunk[i + 2]! << 16);
          this.headerHave = 4;
          i += 4;
        } else {
          const take = Math.min(4 - this.headerHave, end - i);
          chunk.copy(this.header, this.headerHave, i, i + take);
          this.headerHave += take;
          i += take;
          if (this.headerHave < 4) return i;
          this.frameLength = this.header[0]! | (this.header[1]! << 8) | (this.header[2]! << 16);
        }
        const continuation = this.lastFrameWasFull;
        this.lastFrameWasFull = this.frameLength === maxPacketPayload;
        this.payloadLeft = this.frameLength;
        this.headNeed = continuation ? -1 : Math.min(this.frameLength, headBytes);
        this.headHave = 0;
        if (this.headNeed === 0) this.onPacket(this.head, 0, 0, 0);
        else if (this.headNeed > 0 && end - i >= this.headNeed) {
          // The common case: the packet's first bytes are all in this chunk.
          this.headHave = this.headNeed;
          this.onPacket(chunk, i, this.headNeed, this.frameLength);
        }
      }
      if (this.headHave < this.headNeed) {
        const take = Math.min(this.headNeed - this.headHave, end - i);
        chunk.copy(this.head, this.headHave, i, i + take);
        this.headHave += take;
        this.payloadLeft -= take;
        i += take;
        if (this.headHave === this.headNeed) this.onPacket(this.head, 0, this.headNeed, this.frameLength);
      }
      const skip = Math.min(this.payloadLeft, end - i);
      i += skip;
      this.payloadLeft -= skip;
      if (this.payloadLeft === 0 && this.headHave >= this.headNeed) {
        this.headerHave = 0;
        if (this.ending !== Ending.None) {
          this.done = true;
          this.errored = this.ending === Ending.Err;
        }
        if (oneStep && !this.lastFrameWasFull) return i;
      }
    }
    return i;
  }

  /** A packet starts: its first `n` bytes are `buf[off..off+n)`, its payload is `length` bytes. */
  private onPacket(buf: Buffer, off: number, n: number, length: number): void {
    const first = n > 0 ? buf[off]! : -1;
    const isErr = first === 0xff;
    const isEof = first === 0xfe && length < 9;
    switch (this.at) {
      case At.First:
        if (isErr) return this.finish(Ending.Err);
        if (this.kind === 'single') return this.finish(Ending.Ok);
        if (this.kind === 'prepare') return this.onPrepareOk(buf, off, n);
        if (this.kind === 'field_list') {
          if (isEof) return this.finish(Ending.Ok);
          this.at = At.FieldList;
          return;
        }
        if (this.kind === 'fetch') {
          this.at = At.Rows;
          return this.onPacket(buf, off, n, length);
        }
        if (first === 0x00) return this.endResult(okStatus(buf, off, n));
        if (first === 0xfb && this.kind === 'query') {
          this.localInfileRequested = true;
          return;
        }
        this.left = lenencAt(buf, off, n);
        this.then = Then.Rows;
        this.at = this.left > 0 ? At.Columns : At.Eof;
        return;
      case At.Columns:
        if (isErr) return this.finish(Ending.Err);
        this.left -= 1;
        if (this.left <= 0) this.at = At.Eof;
        return;
      case At.Eof: {
        if (isErr) return this.finish(Ending.Err);
        const status = isEof && n >= 5 ? buf.readUInt16LE(off + 3) : 0;
        if (this.then === Then.Done) return this.finish(Ending.Ok);
        if (this.then === Then.PrepareColumns) {
          if (this.prepareColumns > 0) this.list(this.prepareColumns, Then.Done);
          else this.finish(Ending.Ok);
          return;
        }
        if (this.kind === 'execute' && status & ServerStatus.CURSOR_EXISTS) {
          this.results += 1;
          return this.finish(Ending.Ok);
        }
        this.at = At.Rows;
        return;
      }
      case At.Rows:
        if (isErr) return this.finish(Ending.Err);
        if (isEof) {
          if (this.kind === 'fetch') return this.finish(Ending.Ok);
          return this.endResult(n >= 5 ? buf.readUInt16LE(off + 3) : 0);
        }
        return;
      case At.FieldList:
        if (isErr) return this.finish(Ending.Err);
        if (isEof) this.finish(Ending.Ok);
        return;
    }
  }

  private finish(ending: Ending): void {
    this.ending = ending;
  }

  private list(count: number, then: Then): void {
    this.at = At.Columns;
    this.left = count;
    this.then = then;
  }

  private endResult(status: number): void {
    this.status = status;
    this.results += 1;
    this.localInfileRequested = false;
    if (status & ServerStatus.MORE_RESULTS_EXISTS) this.at = At.First;
    else this.finish(Ending.Ok);
  }

  /** COM_STMT_PREPARE_OK: parameter definitions, then column definitions, each list closed by an EOF. */
  private onPrepareOk(buf: Buffer, off: number, n: number): void {
    if (buf[off] !== 0x00 || n < 9) return this.finish(Ending.Ok);
    const columns = buf.readUInt16LE(off + 5);
    const params = buf.readUInt16LE(off + 7);
    this.prepareColumns = columns;
    if (params > 0) this.list(params, Then.PrepareColumns);
    else if (columns > 0) this.list(columns, Then.Done);
    else this.finish(Ending.Ok);
  }
}

/** Bytes taken by the length-encoded integer whose first byte is `b`. */
const lenencSize = (b: number) => (b < 0xfb ? 1 : b === 0xfc ? 3 : b === 0xfd ? 4 : b === 0xfe ? 9 : 1);

/** The length-encoded integer at `buf[off]` within `n` bytes (0 when it does not fit or is not a number). */
function lenencAt(buf: Buffer, off: number, n: number): number {
  if (n < 1) return 0;
  const b = buf[off]!;
  if (b < 0xfb) return b;
  if (b === 0xfc) return n >= 3 ? buf.readUInt16LE(off + 1) : 0;
  if (b === 0xfd) return n >= 4 ? buf.readUIntLE(off + 1, 3) : 0;
  if (b === 0xfe) return n >= 9 ? buf.readUInt32LE(off + 1) + buf.readUInt32LE(off + 5) * 2 ** 32 : 0;
  return 0;
}

/** The status flags of an OK packet (after its header byte, affected rows and last insert id). */
function okStatus(buf: Buffer, off: number, n: number): number {
  let i = 1;
  for (let k = 0; k < 2 && i < n; k++) i += lenencSize(buf[off + i]!);
  return i + 2 <= n ? buf.readUInt16LE(off + i) : 0;
}
