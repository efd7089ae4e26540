// Reading and writing the protocol's primitive types: fixed-width little-endian integers,
// length-encoded integers and strings, NUL-terminated strings.
import { maxPacketPayload } from './constants.js';

/** A payload that ended early or carried an impossible value: the peer is not speaking the protocol. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Sequential reads over one packet payload; every read checks bounds. */
export class PayloadReader {
  offset = 0;
  constructor(readonly buf: Buffer) {}

  get remaining(): number { return this.buf.length - this.offset; }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new ProtocolError('packet too short');
  }

  u8(): number { this.need(1); return this.buf[this.offset++]!; }
  u16(): number { this.need(2); const v = this.buf.readUInt16LE(this.offset); this.offset += 2; return v; }
  u24(): number { this.need(3); const v = this.buf.readUIntLE(this.offset, 3); this.offset += 3; return v; }
  u32(): number { this.need(4); const v = this.buf.readUInt32LE(this.offset); this.offset += 4; return v; }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  skip(n: number): void { this.need(n); this.offset += n; }

  /** A length-encoded integer; `null` for the 0xfb NULL marker. Values beyond 2^53 are refused. */
  lenenc(): number | null {
    const first = this.u8();
    if (first < 0xfb) return first;
    if (first === 0xfb) return null;
    if (first === 0xfc) return this.u16();
    if (first === 0xfd) return this.u24();
    if (first === 0xfe) {
      this.need(8);
      const lo = this.buf.readUInt32LE(this.offset);
      const hi = this.buf.readUInt32LE(this.offset + 4);
      this.offset += 8;
      if (hi > 0x1fffff) throw new ProtocolError('length-encoded integer too large');
      return hi * 2 ** 32 + lo;
    }
    throw new ProtocolError('invalid length-encoded integer');
  }

  lenencBytes(): Buffer {
    const n = this.lenenc();
    if (n === null) throw new ProtocolError('unexpected NULL');
    return this.bytes(n);
  }

  /** Bytes up to (not including) the next NUL; the NUL is consumed. Without a NUL, the rest. */
  nulBytes(): Buffer {
    const end = this.buf.indexOf(0, this.offset);
    const stop = end === -1 ? this.buf.length : end;
    const v = this.buf.subarray(this.offset, stop);
    this.offset = end === -1 ? stop : stop + 1;
    return v;
  }

  rest(): Buffer { const v = this.buf.subarray(this.offset); this.offset = this.buf.length; return v; }
}

export function lenencInt(n: number): Buffer {
  if (n < 0xfb) return Buffer.from([n]);
  if (n <= 0xffff) { const b = Buffer.alloc(3); b[0] = 0xfc; b.writeUInt16LE(n, 1); return b; }
  if (n <= 0xffffff) { const b = Buffer.alloc(4); b[0] = 0xfd; b.writeUIntLE(n, 1, 3); return b; }
  const b = Buffer.alloc(9);
  b[0] = 0xfe;
  b.writeUInt32LE(n % 2 ** 32, 1);
  b.writeUInt32LE(Math.floor(n / 2 ** 32), 5);
  return b;
}

export const lenencString = (value: Buffer | string): Buffer => {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([lenencInt(bytes.length), bytes]);
};

export const nulString = (value: string): Buffer => Buffer.concat([Buffer.from(value, 'utf8'), Buffer.from([0])]);

export function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; }
export function u32(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; }

/**
 * A command whose payload is one command byte and a text (a query, a database name), framed as
 * sequence 0 in one allocation: what every relayed statement the edge rewrites or runs itself becomes.
 */
export function commandFrame(command: number, text: string, encoding: 'latin1' | 'utf8' = 'latin1'): Buffer {
  const length = 1 + Buffer.byteLength(text, encoding);
  if (length >= maxPacketPayload) return frame(Buffer.concat([Buffer.from([command]), Buffer.from(text, encoding)]), 0).bytes;
  const out = Buffer.allocUnsafe(4 + length);
  out.writeUIntLE(length, 0, 3);
  out[3] = 0;
  out[4] = command;
  out.write(text, 5, encoding);
  return out;
}

/**
 * Frames a payload as wire packets starting at sequence `seq`: payloads of 16 MiB - 1 or more are split,
 * and one that is an exact multiple ends with an empty packet, as the protocol requires.
 * Returns the bytes and the next sequence number.
 */
export function frame(payload: Buffer, seq: number): { bytes: Buffer; nextSeq: number } {
  if (payload.length < maxPacketPayload) {
    const out = Buffer.allocUnsafe(payload.length + 4);
    out.writeUIntLE(payload.length, 0, 3);
    out[3] = seq & 0xff;
    payload.copy(out, 4);
    return { bytes: out, nextSeq: (seq + 1) & 0xff };
  }
  const parts: Buffer[] = [];
  let offset = 0;
  let s = seq;
  for (;;) {
    const size = Math.min(maxPacketPayload, payload.length - offset);
    const header = Buffer.alloc(4);
    header.writeUIntLE(size, 0, 3);
    header[3] = s & 0xff;
    parts.push(header, payload.subarray(offset, offset + size));
    s = (s + 1) & 0xff;
    offset += size;
    if (size < maxPacketPayload) break;
  }
  return { bytes: Buffer.concat(parts), nextSeq: s };
}
