// The edge: one MySQL-protocol listener in front of the upstream MySQL server. It learns the upstream's
// version and capabilities once at start (so its greeting can promise only what it can relay), then
// serves each accepted connection with a Session.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import mysql from 'mysql2/promise';
import { relayableCapabilities } from './protocol/constants.js';
import { UpstreamAccounts } from './session/accounts.js';
import type { EdgeRuntime, UpstreamInfo } from './session/runtime.js';
import { Session } from './session/session.js';
import { connectUpstream } from './session/upstream.js';
import type { Edge, EdgeLogger, EdgeOptions, EdgeStats, EdgeTlsOptions, UpstreamConfig } from './types.js';

/** The options cannot work (e.g. TLS without a certificate, an unreachable upstream). */
export class EdgeConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EdgeConfigError';
  }
}

const silent: EdgeLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function secureContextFor(options: EdgeTlsOptions | undefined): tls.SecureContext | null {
  if (!options || options.mode === 'none') return null;
  if (!options.cert || !options.key) throw new EdgeConfigError(`TLS mode ${options.mode} needs a certificate and a key`);
  if (options.mode === 'mtls' && !options.ca) throw new EdgeConfigError('TLS mode mtls needs the CA that signs client certificates');
  try {
    return tls.createSecureContext({ cert: options.cert, key: options.key, ca: options.ca });
  } catch (err) {
    throw new EdgeConfigError(`invalid TLS certificate or key: ${(err as Error).message}`, { cause: err });
  }
}

/** Logs in once with the configured account: checks it and learns what the upstream server offers. */
async function probeUpstream(upstream: UpstreamConfig): Promise<UpstreamInfo> {
  try {
    const connection = await connectUpstream({ ...upstream, database: null, capabilities: relayableCapabilities });
    const { socket } = connection;
    socket.end(Buffer.from([1, 0, 0, 0, 1])); // COM_QUIT
    setTimeout(() => socket.destroy(), 1000).unref();
    const { greeting } = connection;
    return { capabilities: greeting.capabilities, collation: greeting.collation || 45, serverVersion: greeting.serverVersion };
  } catch (err) {
    throw new EdgeConfigError(`cannot log in to the upstream MySQL server at ${upstream.host}:${upstream.port}: ${(err as Error).message}`, { cause: err });
  }
}

export async function createEdge(options: EdgeOptions): Promise<Edge> {
  const secureContext = secureContextFor(options.tls);
  const upstreamInfo = await probeUpstream(options.upstream);
  const admin = mysql.createPool({
    host: options.upstream.host, port: options.upstream.port, user: options.upstream.user, password: options.upstream.password,
    connectionLimit: 2,
  });
  const log = options.log ?? silent;
  admin.pool.on('error', (err: Error) => log.warn('edge admin pool error', { error: err.message }));
  const stats: EdgeStats = { connections: 0, upstreamConnections: 0, accepted: 0, authenticated: 0, authFailures: 0, protocolErrors: 0 };
  const runtime: EdgeRuntime = {
    upstream: options.upstream,
    upstreamInfo,
    authenticate: options.authenticate,
    vitess: options.vitess ?? null,
    tlsMode: options.tls?.mode ?? 'none',
    secureContext,
    log,
    serverVersion: options.serverVersion ?? upstreamInfo.serverVersion,
    authPlugin: options.authPlugin ?? 'mysql_native_password',
    maxPacketBytes: options.maxPacketBytes ?? 64 * 1024 * 1024,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
    now: options.now ?? (() => new Date()),
    accounts: new UpstreamAccounts(admin, randomBytes(3).toString('hex'), log),
    sessions: new Map(),
    stats,
  };

  let nextId = 1;
  const running = new Set<Promise<void>>();
  const server = net.createServer((socket) => {
    stats.accepted += 1;
    stats.connections += 1;
    const id = nextId;
    nextId = nextId >= 0xfffffff0 ? 1 : nextId + 1;
    const session = new Session(id, socket, runtime);
    runtime.sessions.set(id, session);
    const run = session.run();
    running.add(run);
    void run.finally(() => running.delete(run));
  });
  server.on('error', (err) => log.error('edge listener error', { error: err.message }));

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => { server.off('error', reject); resolve(); });
    });
  } catch (err) {
    await admin.end();
    throw new EdgeConfigError(`cannot listen on ${host}:${options.port ?? 0}: ${(err as Error).message}`, { cause: err });
  }
  const { port } = server.address() as net.AddressInfo;
  log.info('edge listening', { host, port, tls: runtime.tlsMode });

  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    stats: () => ({ ...stats }),
    disconnect(username: string) {
      let n = 0;
      for (const s of [...runtime.sessions.values()]) {
        if (s.username === username) { s.close(); n++; }
      }
      return n;
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of [...runtime.sessions.values()]) s.close();
        await Promise.allSettled([...running]);
        await stopped;
        await runtime.accounts.dropAll();
        await admin.end();
      })();
      return closing;
    },
  };
}
