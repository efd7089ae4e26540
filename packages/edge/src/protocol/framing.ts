// Cuts a byte stream into logical packets (joining payloads split at 16 MiB), refusing any packet
// larger than the configured limit as soon as its header announces it, before buffering it.
import { maxPacketPayload } from './constants.js';

export interface Packet {
  /** Sequence id of the packet's first frame. */
  readonly seq: number;
  readonly payload: Buffer;
  /**
   * The packet exactly as it was received (header and payload) when it came as one frame in one
   * chunk: a command relayed unchanged goes on as these bytes, without being framed again.
   */
  readonly received?: Buffer;
}

export class PacketTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`packet larger than ${limit} bytes`);
    this.name = 'PacketTooLargeError';
  }
}

export class PacketFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Payload parts of a logical packet still being continued. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  private firstSeq = 0;

  constructor(public maxPayload: number) {}

  /**
   * Set once a packet header announced more than the limit. Packets before it are still returned, and its
   * bytes stay buffered: after an SSLRequest they are a TLS ClientHello, not an oversized packet.
   */
  failure: PacketTooLargeError | null = null;

  /** Adds bytes; returns every logical packet they complete. */
  push(chunk: Buffer): Packet[] {
    if (chunk.length) { this.chunks.push(chunk); this.buffered += chunk.length; }
    const out: Packet[] = [];
    while (this.buffered >= 4 && !this.failure) {
      const first = this.chunks[0]!;
      const header = first.length >= 4 ? first : this.peek(4);
      const length = header[0]! | (header[1]! << 8) | (header[2]! << 16);
      const seq = header[3]!;
      if (this.partsLength + length > this.maxPayload) {
        this.failure = new PacketTooLargeError(this.maxPayload);
        break;
      }
      if (this.buffered < 4 + length) break;
      if (!this.parts.length && length < maxPacketPayload && first.length >= 4 + length) {
        // The common case: the whole packet in the first chunk, taken as one slice.
        const received = first.length === 4 + length ? first : first.subarray(0, 4 + length);
        if (first.length === 4 + length) this.chunks.shift();
        else this.chunks[0] = first.subarray(4 + length);
        this.buffered -= 4 + length;
        out.push({ seq, payload: received.subarray(4), received });
        continue;
      }
      this.take(4);
      const payload = this.take(length);
      if (!this.parts.length) this.firstSeq = seq;
      if (length === maxPacketPayload) {
        this.parts.push(payload);
        this.partsLength += length;
        continue;
      }
      if (this.parts.length) {
        this.parts.push(payload);
        out.push({ seq: this.firstSeq, payload: Buffer.concat(this.parts) });
        this.parts = [];
        this.partsLength = 0;
      } else {
        out.push({ seq, payload });
      }
    }
    return out;
  }

  /** Bytes received after the last complete packet (e.g. a TLS ClientHello that followed an SSLRequest). */
  drain(): Buffer {
    const rest = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return rest;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    const parts: Buffer[] = [];
    let have = 0;
    for (const c of this.chunks) {
      parts.push(c);
      have += c.length;
      if (have >= n) break;
    }
    return Buffer.concat(parts).subarray(0, n);
  }

  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const use = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, use);
      filled += use;
      if (use === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(use);
    }
    return out;
  }
}
