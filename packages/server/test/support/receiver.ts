// A real HTTP server standing in for the code that receives PlanetScale's webhooks: it records every
// request (headers and raw body) and answers as the test says (a status, or never, to hold a delivery
// open).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received { headers: IncomingHttpHeaders; body: string; json: any }

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** How requests are answered: a status code, or 'hang' (no answer until `release()`); a function gets the request's number (1-based). */
  answer: number | 'hang' | ((n: number) => number | 'hang');
  /** Answers every held request with 200. */
  release(): void;
  /** Resolves once `n` requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/planetscale'): Promise<Receiver> {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try { json = JSON.parse(body); } catch { json = undefined; }
      received.push({ headers: req.headers, body, json });
      for (const w of waiters.splice(0)) w();
      const answer = typeof receiver.answer === 'function' ? receiver.answer(received.length) : receiver.answer;
      if (answer === 'hang') { held.push(res); return; }
      res.writeHead(answer).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer: 200,
    release() { for (const res of held.splice(0)) if (!res.writableEnded) res.writeHead(200).end('ok'); },
    async waitFor(n, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`the receiver got ${received.length} requests, expected ${n}: ${received.map((r) => r.json?.event).join(', ')}`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 100); });
      }
      return received.slice(0, n);
    },
    async close() {
      receiver.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
