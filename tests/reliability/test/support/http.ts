// Raw HTTP against LocalScale, always bounded in time: a request that does not answer within its
// timeout is reported as a hang (status 0), never left to block the suite.
import { request } from 'node:http';

export interface Answer { status: number; body: any; text: string; headers: Headers; ms: number; hung: boolean; error?: string }

export interface CallInit {
  method?: string;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as is (a raw body); wins over json. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export const defaultAuth = { authorization: 'reliability-id:reliability-token' };

export async function call(base: string, path: string, init: CallInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...defaultAuth, ...(init.json !== undefined && init.raw === undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
  for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
  const body = init.raw ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined);
  const started = performance.now();
  try {
    const res = await fetch(base + path, { method: init.method ?? 'GET', headers, body, signal: AbortSignal.timeout(init.timeoutMs ?? 20_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body: parsed, text, headers: res.headers, ms: performance.now() - started, hung: false };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const hung = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { status: 0, body: undefined, text: '', headers: new Headers(), ms: performance.now() - started, hung, error: `${e.name}: ${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}` };
  }
}

/** PlanetScale's error envelope: exactly a string code and a string message. */
export function isEnvelope(body: unknown): body is { code: string; message: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && b.code.length > 0 && typeof b.message === 'string';
}

/** A short description of an answer for assertion messages. */
export const describeAnswer = (a: Answer) => a.status === 0 ? `no answer (${a.error})` : `${a.status} ${a.text.slice(0, 300)}`;

/**
 * The same as `call`, but the path goes on the wire exactly as given: fetch (WHATWG URL) resolves
 * `..` and `%2e%2e` segments on the client side, so a fuzzed `branches/..` would reach another route
 * instead of testing how the server handles the segment.
 */
export function rawCall(base: string, path: string, init: CallInit = {}): Promise<Answer> {
  const url = new URL(base);
  const body = init.raw ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined);
  const headers: Record<string, string> = { ...defaultAuth, ...init.headers };
  for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const started = performance.now();
  return new Promise<Answer>((resolve) => {
    const done = (a: Omit<Answer, 'ms'>) => resolve({ ...a, ms: performance.now() - started });
    let req: ReturnType<typeof request>;
    try {
      req = request({ host: url.hostname, port: url.port, method: init.method ?? 'GET', path, headers, timeout: init.timeoutMs ?? 20_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          done({ status: res.statusCode ?? 0, body: parsed, text, headers: h, hung: false });
        });
      });
    } catch (err) {
      done({ status: 0, body: undefined, text: '', headers: new Headers(), hung: false, error: String(err) });
      return;
    }
    req.on('timeout', () => { req.destroy(); done({ status: 0, body: undefined, text: '', headers: new Headers(), hung: true, error: 'timeout' }); });
    req.on('error', (err) => done({ status: 0, body: undefined, text: '', headers: new Headers(), hung: false, error: String(err) }));
    req.end(body);
  });
}
