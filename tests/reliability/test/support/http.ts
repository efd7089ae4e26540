// Raw HTTP against LocalScale, always bounded in time: a request that does not answer within its
// timeout is reported as a hang (status 0), never left to block the suite.
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
