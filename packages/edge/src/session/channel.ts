// Awaitable packet reads over a socket, for the phases that are a conversation (handshakes, the command
// loop): one `read()` per expected packet. A peer that sends faster than the edge reads is paused.
import type { Duplex } from 'node:stream';
import { PacketFramer, type Packet } from '../protocol/framing.js';
import { frame } from '../protocol/wire.js';

export class ConnectionClosed extends Error {
  constructor(message = 'connection closed') {
    super(message);
    this.name = 'ConnectionClosed';
  }
}

const highWater = 16;

export class PacketChannel {
  private readonly framer: PacketFramer;
  private readonly queue: Packet[] = [];
  private waiter: { resolve: (p: Packet) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onEnd = () => this.fail(new ConnectionClosed());
  private readonly onError = (err: Error) => this.fail(new ConnectionClosed(err.message));

  constructor(readonly socket: Duplex, maxPayload: number) {
    this.framer = new PacketFramer(maxPayload);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  private receive(chunk: Buffer): void {
    const packets = this.framer.push(chunk);
    for (const p of packets) {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w.resolve(p);
      } else {
        this.queue.push(p);
      }
    }
    if (this.framer.failure) {
      // Reported once the packets before it have been read; the bytes stay for drain().
      this.socket.pause();
      this.fail(this.framer.failure);
    } else if (this.queue.length >= highWater) {
      this.socket.pause();
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(err);
    }
  }

  /** The next packet; rejects when the peer closes, errs or sends an oversized packet. */
  read(): Promise<Packet> {
    const p = this.queue.shift();
    if (p) {
      if (this.queue.length < highWater / 2 && this.socket.isPaused()) this.socket.resume();
      return Promise.resolve(p);
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => { this.waiter = { resolve, reject }; });
  }

  /** Raises or lowers the largest packet accepted from now on. */
  set limit(bytes: number) { this.framer.maxPayload = bytes; }

  write(payload: Buffer, seq: number): number {
    const { bytes, nextSeq } = frame(payload, seq);
    this.socket.write(bytes);
    return nextSeq;
  }

  /** Stops reading and fails a pending read. */
  abort(): void {
    this.fail(new ConnectionClosed());
    this.detach();
  }

  /** Stops reading; returns every byte received and not yet read, packets already cut included. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const unread = this.queue.splice(0).map((p) => frame(p.payload, p.seq).bytes);
    return Buffer.concat([...unread, this.framer.drain()]);
  }
}
