// Which protocol a new connection speaks, from its first bytes. A MySQL client sends nothing until the
// server's greeting; an HTTP client sends its request line at once, and an HTTPS client its TLS
// ClientHello. So the edge waits briefly for bytes before greeting: bytes that start like an HTTP
// method or a TLS handshake record go to the HTTP API, silence (or anything else) to MySQL.
import type net from 'node:net';

export type Protocol = 'http' | 'tls' | 'mysql';

export interface Detected { protocol: Protocol; head: Buffer }

const methods = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'PRI'].map((m) => `${m} `);
const TLS_HANDSHAKE = 0x16;

/** The protocol of the bytes so far; 'unsure' while they are a prefix of an HTTP method. */
export function classify(head: Buffer): Protocol | 'unsure' {
  if (head.length === 0) return 'unsure';
  if (head[0] === TLS_HANDSHAKE) return 'tls';
  const start = head.toString('latin1', 0, Math.min(head.length, 8));
  if (methods.some((m) => start.startsWith(m))) return 'http';
  if (methods.some((m) => m.startsWith(start))) return 'unsure';
  return 'mysql';
}

/**
 * Waits up to `waitMs` for enough bytes to tell the protocol (forever with `Infinity`). The socket
 * is left paused with the bytes read so far in `head`, not yet consumed by anyone.
 */
export function detect(socket: net.Socket, waitMs: number, fallback: Protocol = 'mysql'): Promise<Detected> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | null = null;
    let decided = false;
    const finish = (protocol: Protocol) => {
      if (decided) return;
      decided = true;
      if (timer) clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
      socket.pause();
      resolve({ protocol, head: Buffer.concat(chunks) });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      const verdict = classify(Buffer.concat(chunks));
      if (verdict !== 'unsure') finish(verdict);
    };
    const onEnd = () => finish(fallback);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onEnd);
    if (Number.isFinite(waitMs)) {
      // When the timer fires late (a busy event loop), bytes that arrived meanwhile are read in this
      // turn's poll phase, before setImmediate runs: they still count.
      timer = setTimeout(() => setImmediate(() => {
        const head = Buffer.concat(chunks);
        finish(head.length && classify(head) === 'unsure' ? 'http' : fallback);
      }), waitMs);
    }
  });
}
