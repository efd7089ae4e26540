// A real HTTP server on a random loopback port that plays the API for unit tests: each test scripts the
// answers and reads back the requests the SDK actually sent.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** Path and query, e.g. `/v1/organizations?page=2`. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/** What to answer: a status with a JSON body (or raw text), extra headers, or `destroy` to drop the connection. */
export type Reply = { status?: number; json?: unknown; text?: string; headers?: Record<string, string> } | 'destroy';

export type Handler = (request: Recorded, index: number) => Reply | Promise<Reply>;

export interface StubServer {
  /** The API root to give the SDK: `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  requests: Recorded[];
  /** Sets how to answer from now on. */
  handle(handler: Handler): void;
  /** Answers the next requests with these replies in order, repeating the last one. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: Exclude<Reply, 'destroy'>) {
  const body = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  const type = reply.text === undefined && reply.json !== undefined ? { 'content-type': 'application/json' } : {};
  res.writeHead(reply.status ?? 200, { ...type, ...reply.headers });
  res.end(body);
}

export async function startStubServer(): Promise<StubServer> {
  const requests: Recorded[] = [];
  let handler: Handler = () => ({ status: 500, json: { code: 'unscripted', message: 'no reply scripted' } });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://stub');
      let json: unknown;
      try { json = body ? JSON.parse(body) : undefined; } catch { json = undefined; }
      const recorded: Recorded = { method: req.method ?? '', url: req.url ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body, json };
      requests.push(recorded);
      const reply = await handler(recorded, requests.length - 1);
      if (reply === 'destroy') req.socket.destroy();
      else send(res, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    handle(h) { handler = h; },
    script(...replies) {
      const start = requests.length;
      handler = (_r, i) => replies[Math.min(i - start, replies.length - 1)]!;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
