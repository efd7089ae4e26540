// Follows an upstream response as it streams through, packet header by packet header, to know when it
// is complete (the edge handles one command at a time) and whether it failed. Only the first bytes of
// each packet are looked at; payloads are never buffered, so large result sets stream at full speed.
// The edge never negotiates CLIENT_DEPRECATE_EOF, so every column list and row list ends in a
// classic 5-byte EOF packet.
import { maxPacketPayload, ServerStatus } from './constants.js';
import { PayloadReader } from './wire.js';

/** What the command was, which decides the shape of its response. */
export type ResponseKind = 'query' | 'execute' | 'prepare' | 'fetch' | 'field_list' | 'single';

const headBytes = 32;

/** What follows the EOF that closes a list of definitions. */
type Then = 'rows' | 'done' | 'prepare-columns';

type State =
  | { s: 'first' }
  | { s: 'columns'; left: number; then: Then; columns?: number }
  | { s: 'eof'; then: Then; columns?: number }
  | { s: 'rows' }
  | { s: 'field-list' };

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

  private state: State = { s: 'first' };
  private readonly header = Buffer.alloc(4);
  private headerHave = 0;
  private readonly head = Buffer.alloc(headBytes);
  private headNeed = 0;
  private headHave = 0;
  private payloadLeft = 0;
  private frameLength = 0;
  private lastFrameWasFull = false;

  constructor(private readonly kind: ResponseKind) {}

  /**
   * The next packet to start is a column definition (of a result set, a prepared statement or a field
   * list): true only between packets, so a rewriting stage can hold that packet whole before it is fed.
   */
  get nextIsColumnDefinition(): boolean {
    if (this.done || this.ending !== null || this.headerHave !== 0 || this.lastFrameWasFull) return false;
    const s = this.state.s;
    return s === 'columns' || s === 'field-list' || (s === 'first' && this.kind === 'field_list');
  }

  /** The next packet to start is a text-protocol row of a COM_QUERY result set (or the EOF/ERR after them). */
  get nextIsTextRow(): boolean {
    if (this.done || this.ending !== null || this.headerHave !== 0 || this.lastFrameWasFull) return false;
    return this.state.s === 'rows' && this.kind === 'query';
  }

  feed(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.done) {
      if (this.headerHave < 4) {
        const take = Math.min(4 - this.headerHave, chunk.length - i);
        chunk.copy(this.header, this.headerHave, i, i + take);
        this.headerHave += take;
        i += take;
        if (this.headerHave < 4) return;
        this.frameLength = this.header.readUIntLE(0, 3);
        const continuation = this.lastFrameWasFull;
        this.lastFrameWasFull = this.frameLength === maxPacketPayload;
        this.payloadLeft = this.frameLength;
        this.headNeed = continuation ? -1 : Math.min(this.frameLength, headBytes);
        this.headHave = 0;
        if (this.headNeed === 0) this.onPacket(this.head.subarray(0, 0), 0);
      }
      if (this.headHave < this.headNeed) {
        const take = Math.min(this.headNeed - this.headHave, chunk.length - i);
        chunk.copy(this.head, this.headHave, i, i + take);
        this.headHave += take;
        this.payloadLeft -= take;
        i += take;
        if (this.headHave === this.headNeed) this.onPacket(this.head.subarray(0, this.headNeed), this.frameLength);
      }
      const skip = Math.min(this.payloadLeft, chunk.length - i);
      i += skip;
      this.payloadLeft -= skip;
      if (this.payloadLeft === 0 && this.headHave >= this.headNeed) {
        this.headerHave = 0;
        if (this.ending !== null) {
          this.done = true;
          this.errored = this.ending;
        }
      }
    }
  }

  /** Set by the packet that ends the response; the response is done once that packet is complete. */
  private ending: boolean | null = null;

  private finish(errored = false): void {
    this.ending = errored;
  }

  private onPacket(head: Buffer, length: number): void {
    const first = head.length ? head[0]! : -1;
    const isErr = first === 0xff;
    const isEof = first === 0xfe && length < 9;
    const st = this.state;
    switch (st.s) {
      case 'first':
        if (isErr) return this.finish(true);
        if (this.kind === 'single') return this.finish();
        if (this.kind === 'prepare') return this.onPrepareOk(head);
        if (this.kind === 'field_list') {
          if (isEof) return this.finish();
          this.state = { s: 'field-list' };
          return;
        }
        if (this.kind === 'fetch') {
          this.state = { s: 'rows' };
          return this.onPacket(head, length);
        }
        if (first === 0x00) return this.endResult(okStatus(head));
        if (first === 0xfb && this.kind === 'query') {
          this.localInfileRequested = true;
          return;
        }
        this.state = { s: 'columns', left: columnCount(head), then: 'rows' };
        if ((this.state as { left: number }).left === 0) this.state = { s: 'eof', then: 'rows' };
        return;
      case 'columns':
        if (isErr) return this.finish(true);
        st.left -= 1;
        if (st.left <= 0) this.state = { s: 'eof', then: st.then, columns: st.columns };
        return;
      case 'eof': {
        if (isErr) return this.finish(true);
        const status = isEof ? eofStatus(head) : 0;
        if (st.then === 'done') return this.finish();
        if (st.then === 'prepare-columns') {
          const columns = st.columns ?? 0;
          if (columns > 0) this.state = { s: 'columns', left: columns, then: 'done' };
          else this.finish();
          return;
        }
        if (this.kind === 'execute' && status & ServerStatus.CURSOR_EXISTS) {
          this.results += 1;
          return this.finish();
        }
        this.state = { s: 'rows' };
        return;
      }
      case 'rows':
        if (isErr) return this.finish(true);
        if (isEof) {
          if (this.kind === 'fetch') return this.finish();
          return this.endResult(eofStatus(head));
        }
        return;
      case 'field-list':
        if (isErr) return this.finish(true);
        if (isEof) this.finish();
        return;
    }
  }

  private endResult(status: number): void {
    this.status = status;
    this.results += 1;
    this.localInfileRequested = false;
    if (status & ServerStatus.MORE_RESULTS_EXISTS) this.state = { s: 'first' };
    else this.finish();
  }

  /** COM_STMT_PREPARE_OK: parameter definitions, then column definitions, each list closed by an EOF. */
  private onPrepareOk(head: Buffer): void {
    if (head[0] !== 0x00 || head.length < 9) return this.finish();
    const columns = head.readUInt16LE(5);
    const params = head.readUInt16LE(7);
    if (params > 0) this.state = { s: 'columns', left: params, then: 'prepare-columns', columns };
    else if (columns > 0) this.state = { s: 'columns', left: columns, then: 'done' };
    else this.finish();
  }
}

function okStatus(head: Buffer): number {
  try {
    const r = new PayloadReader(head);
    r.skip(1);
    r.lenenc();
    r.lenenc();
    return r.u16();
  } catch {
    return 0;
  }
}

const eofStatus = (head: Buffer) => (head.length >= 5 ? head.readUInt16LE(3) : 0);

function columnCount(head: Buffer): number {
  try {
    return new PayloadReader(head).lenenc() ?? 0;
  } catch {
    return 0;
  }
}
