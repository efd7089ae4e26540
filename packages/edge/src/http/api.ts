// PlanetScale's HTTP database API (psdb.v1alpha1.Database, a Connect service with JSON bodies), as
// @planetscale/database calls it: POST /psdb.v1alpha1.Database/CreateSession, /Execute and
// /CloseSession with HTTP Basic credentials of a branch password. Connections reach this node:http
// server from the edge port (after protocol detection) or from its own listener; it is never
// exposed on its own, and every request is answered, never thrown.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { internalError } from '../errors.js';
import type { EdgeRuntime } from '../session/runtime.js';
import type { Credential, EdgeHttpOptions } from '../types.js';
import { parseBasicAuth, passwordMatches, VerifiedCredentials } from './auth.js';
import { edgeError, RequestError, requestErrorBody } from './errors.js';
import { HttpExecutor } from './executor.js';
import { UpstreamPool } from './pool.js';
import { resolveSessionTarget } from './query-session.js';
import { Reservations } from './reservations.js';
import { SessionCodec, type SessionState } from './session-token.js';

export interface HttpApiLimits {
  maxRows: number;
  maxResultBytes: number;
  maxBodyBytes: number;
  transactionTimeoutMs: number;
  reservedIdleMs: number;
  maxReserved: number;
  maxConnections: number;
  idleConnectionMs: number;
  credentialCacheMs: number;
}

export const httpDefaults: HttpApiLimits = {
  maxRows: 100_000,
  maxResultBytes: 64 * 1024 * 1024,
  maxBodyBytes: 64 * 1024 * 1024,
  transactionTimeoutMs: 20_000,
  reservedIdleMs: 60_000,
  maxReserved: 32,
  maxConnections: 64,
  idleConnectionMs: 30_000,
  credentialCacheMs: 2_000,
};

export function httpLimits(options: EdgeHttpOptions): HttpApiLimits {
  const out = { ...httpDefaults };
  for (const key of Object.keys(httpDefaults) as (keyof HttpApiLimits)[]) {
    const v = options[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const prefix = '/psdb.v1alpha1.Database/';
const procedures = new Set(['CreateSession', 'Execute', 'CloseSession']);

/** How long a new connection has to send its first request. */
const headerTimeoutMs = 30_000;

/** vtgate's refusal of an unencrypted client when the edge requires TLS. */
const insecureTransport = 'server does not allow insecure connections, client must use SSL/TLS';

export interface HttpApi {
  /** Serves a connection that speaks HTTP (bytes read while detecting it are back in its stream). */
  serve(socket: Duplex, secure: boolean): void;
  /** Drops what a password holds (its password was deleted); how many sessions that ended. */
  disconnect(username: string): number;
  readonly reservedCount: number;
  readonly upstreamConnections: number;
  close(): Promise<void>;
}

export function createHttpApi(runtime: EdgeRuntime, limits: HttpApiLimits): HttpApi {
  const pool = new UpstreamPool({
    // A password may keep as many idle connections as the cap allows (others' idle ones make room when
    // needed): a client with 16 requests in flight must not close and re-open connections between them.
    maxConnections: limits.maxConnections, maxIdlePerUser: limits.maxConnections, idleMs: limits.idleConnectionMs, acquireTimeoutMs: 10_000,
  });
  const reservations = new Reservations(
    { max: limits.maxReserved, transactionTimeoutMs: limits.transactionTimeoutMs, idleMs: limits.reservedIdleMs },
    (r) => pool.discard(r.conn),
  );
  const executor = new HttpExecutor(runtime, pool, reservations, { maxRows: limits.maxRows, maxBytes: limits.maxResultBytes });
  const verified = new VerifiedCredentials(limits.credentialCacheMs);
  const codec = new SessionCodec();
  const secureSockets = new WeakSet<Duplex>();

  async function authenticate(req: http.IncomingMessage): Promise<Credential> {
    const header = req.headers.authorization;
    const now = runtime.now();
    const known = header ? verified.forConnection(req.socket, header, Date.now()) : null;
    if (known && (known.expiresAt === null || known.expiresAt.getTime() > now.getTime())) return known;
    const presented = parseBasicAuth(header);
    if (!presented) throw new RequestError('unauthenticated', 'missing or malformed Basic credentials');
    let credential = verified.get(presented.username, presented.password, Date.now());
    if (!credential) {
      let found: Credential | null;
      try {
        found = await runtime.authenticate(presented.username);
      } catch (err) {
        runtime.log.error('edge HTTP API credential lookup failed', { error: (err as Error).message });
        throw new RequestError('unavailable', 'credential lookup failed');
      }
      if (found && passwordMatches(found, presented.password)) {
        credential = found;
        verified.remember(found, presented.password, Date.now());
      }
    }
    if (!credential || (credential.expiresAt !== null && credential.expiresAt.getTime() <= now.getTime())) {
      runtime.stats.authFailures += 1;
      const host = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
      throw new RequestError('unauthenticated', `Access denied for user '${presented.username}'@'${host}' (using password: YES)`);
    }
    verified.rememberConnection(req.socket, header!, credential.username);
    return credential;
  }

  function readBody(req: http.IncomingMessage): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      const tooLarge = () => new RequestError('resource_exhausted', `request body larger than ${limits.maxBodyBytes} bytes`);
      if (declared > limits.maxBodyBytes) return reject(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBodyBytes) {
          req.removeAllListeners('data');
          req.resume();
          reject(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      req.on('error', reject);
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim() === '') return resolve({});
        try {
          resolve(JSON.parse(text));
        } catch (err) {
          reject(new RequestError('invalid_argument', `malformed JSON body: ${(err as Error).message}`));
        }
      });
    });
  }

  function sessionFrom(body: Record<string, unknown>): SessionState {
    if (body.session === undefined || body.session === null) return codec.fresh();
    const state = codec.decode(body.session);
    if (!state) throw new RequestError('invalid_argument', 'invalid session: not signed by this LocalScale edge (it may have restarted); start a new session');
    return state;
  }

  const shardOf = (credential: Credential, state: SessionState) => {
    const t = resolveSessionTarget(credential, state.target);
    return t && typeof t === 'object' ? { keyspace: t.keyspace, shard: t.shard } : null;
  };

  async function handle(req: http.IncomingMessage): Promise<unknown> {
    const path = (req.url ?? '').split('?')[0]!;
    const procedure = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    if (!procedure || !procedures.has(procedure)) throw new RequestError('unimplemented', `unknown procedure ${path}`);
    if (req.method !== 'POST') throw new RequestError('unimplemented', `${req.method ?? ''} is not supported; use POST`, 405);
    if (/^application\/(proto|grpc)/i.test(req.headers['content-type'] ?? '')) {
      throw new RequestError('unimplemented', 'only JSON bodies are supported', 415);
    }
    if (runtime.tlsMode !== 'none' && !secureSockets.has(req.socket)) throw new RequestError('permission_denied', insecureTransport);
    const credential = await authenticate(req);
    const raw = await readBody(req);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new RequestError('invalid_argument', 'the body must be a JSON object');
    const body = raw as Record<string, unknown>;
    const state = sessionFrom(body);
    switch (procedure) {
      case 'CreateSession':
        return {
          branch: credential.branch.branch,
          user: { username: credential.username, role: credential.role },
          session: codec.encode(state, null),
        };
      case 'CloseSession': {
        if (state.reservedId !== null) {
          const r = reservations.get(state.reservedId, credential.username);
          if (r && reservations.remove(r.id)) pool.discard(r.conn);
        }
        return { session: codec.encode(codec.fresh(), null) };
      }
      default: {
        if (typeof body.query !== 'string') throw new RequestError('invalid_argument', 'query: a string is required');
        const started = process.hrtime.bigint();
        let outcome;
        try {
          outcome = await executor.execute(credential, state, body.query);
        } catch (err) {
          runtime.log.error('edge HTTP API statement failed unexpectedly', { error: (err as Error).message });
          outcome = { error: edgeError(internalError((err as Error).message)) };
        }
        const timing = Number(process.hrtime.bigint() - started) / 1e9;
        return { session: codec.encode(state, shardOf(credential, state)), ...outcome, timing };
      }
    }
  }

  function send(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  const server = http.createServer((req, res) => {
    runtime.stats.httpRequests += 1;
    handle(req).then(
      (body) => send(res, 200, body),
      (err: unknown) => {
        const failure = err instanceof RequestError ? err : new RequestError('internal', 'internal error');
        if (!(err instanceof RequestError)) runtime.log.error('edge HTTP API request failed', { error: (err as Error).message });
        send(res, failure.status, requestErrorBody(failure));
      },
    );
  });
  // The server never listens (connections are handed to it), so Node's own connection tracking and
  // header timeout are not running: a socket gets `headerTimeoutMs` to send a request, no limit while a
  // statement runs, and Node's keep-alive timeout between requests.
  server.keepAliveTimeout = 5_000;
  server.on('request', (req: http.IncomingMessage) => req.socket.setTimeout(0));
  server.on('clientError', (_err, socket) => {
    if (!socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  const open = new Set<Duplex>();

  return {
    serve(socket, secure) {
      if (secure) secureSockets.add(socket);
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      (socket as Duplex & { setTimeout?: (ms: number) => void }).setTimeout?.(headerTimeoutMs);
      server.emit('connection', socket);
    },
    disconnect(username) {
      verified.forget(username);
      pool.closeUser(username);
      let n = 0;
      for (const r of reservations.forUser(username)) {
        if (reservations.remove(r.id)) { pool.discard(r.conn); n++; }
      }
      return n;
    },
    get reservedCount() { return reservations.size; },
    get upstreamConnections() { return pool.size; },
    async close() {
      verified.clear();
      for (const r of reservations.all()) if (reservations.remove(r.id)) pool.discard(r.conn);
      pool.close();
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
