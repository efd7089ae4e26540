// The edge: one MySQL-protocol listener in front of the upstream MySQL server. It learns the upstream's
// version and capabilities once at start (so its greeting can promise only what it can relay), then
// serves each accepted connection with a Session, greeting it at once. PlanetScale's HTTP database API
// has a listener of its own; on request (`http.detectMs`) the edge port serves it too, by giving each
// new connection a moment to show its protocol (http/detect.ts) — a wait every MySQL client then pays.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import mysql from 'mysql2/promise';
import { createHttpApi, httpLimits } from './http/api.js';
import { detect, type Detected } from './http/detect.js';
import { relayableCapabilities } from './protocol/constants.js';
import { UpstreamAccounts } from './session/accounts.js';
import { CredentialCache } from './session/credentials.js';
import type { EdgeRuntime, UpstreamInfo } from './session/runtime.js';
import { Sequences } from './vtgate/sequences.js';
import { Session } from './session/session.js';
import { upgradeToTls } from './session/tls-upgrade.js';
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

/**
 * Logs in once with the configured account: checks it and learns what the upstream server offers. A
 * Unix socket that does not let it in is left aside (a warning), and sessions use host and port.
 */
async function probeUpstream(upstream: UpstreamConfig, log: EdgeLogger): Promise<{ info: UpstreamInfo; upstream: UpstreamConfig }> {
  if (upstream.socketPath) {
    try {
      return { info: await probeUpstream1(upstream), upstream };
    } catch (err) {
      log.warn('edge cannot use the upstream server\'s Unix socket; using TCP', { socketPath: upstream.socketPath, error: (err as Error).message });
    }
  }
  const tcp = { ...upstream, socketPath: null };
  return { info: await probeUpstream1(tcp), upstream: tcp };
}

async function probeUpstream1(upstream: UpstreamConfig): Promise<UpstreamInfo> {
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
  const log = options.log ?? silent;
  const { info: upstreamInfo, upstream } = await probeUpstream(options.upstream, log);
  const admin = mysql.createPool({
    host: upstream.host, port: upstream.port, user: upstream.user, password: upstream.password,
    connectionLimit: 2,
  });
  admin.pool.on('error', (err: Error) => log.warn('edge admin pool error', { error: err.message }));
  const stats: EdgeStats = {
    connections: 0, upstreamConnections: 0, accepted: 0, authenticated: 0, authFailures: 0, protocolErrors: 0,
    httpRequests: 0, httpReserved: 0, httpUpstreamConnections: 0,
  };
  const credentials = new CredentialCache(options.authenticate, options.credentialCacheMs ?? 2_000);
  const runtime: EdgeRuntime = {
    upstream,
    upstreamInfo,
    authenticate: (username) => credentials.get(username),
    vitess: options.vitess ?? null,
    onSchemaChange: (route) => {
      try { options.onSchemaChange?.(route); } catch (err) { log.warn('schema change hook failed', { error: String(err) }); }
    },
    tlsMode: options.tls?.mode ?? 'none',
    secureContext,
    log,
    serverVersion: options.serverVersion ?? upstreamInfo.serverVersion,
    authPlugin: options.authPlugin ?? 'mysql_native_password',
    maxPacketBytes: options.maxPacketBytes ?? 64 * 1024 * 1024,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
    now: options.now ?? (() => new Date()),
    accounts: new UpstreamAccounts(admin, randomBytes(3).toString('hex'), log),
    sequences: new Sequences(admin),
    sessions: new Map(),
    stats,
  };

  let nextId = 1;
  const running = new Set<Promise<void>>();
  const startSession = (socket: net.Socket, head?: Buffer) => {
    stats.accepted += 1;
    stats.connections += 1;
    const id = nextId;
    nextId = nextId >= 0xfffffff0 ? 1 : nextId + 1;
    if (head?.length) socket.unshift(head);
    const session = new Session(id, socket, runtime);
    runtime.sessions.set(id, session);
    const run = session.run();
    running.add(run);
    void run.finally(() => running.delete(run));
    socket.resume();
  };

  const http = options.http ? createHttpApi(runtime, httpLimits(options.http)) : null;
  const detectMs = options.http?.detectMs ?? 0;
  const ownPort = options.http ? (options.http.port === undefined ? 0 : options.http.port) : null;
  const detecting = new Set<net.Socket>();
  const dispatch = (socket: net.Socket, { protocol, head }: Detected) => {
    detecting.delete(socket);
    if (socket.destroyed) return;
    if (protocol === 'mysql' || !http) return startSession(socket, head);
    if (protocol === 'tls') {
      if (!secureContext) return socket.destroy();
      http.serve(upgradeToTls(socket, head, secureContext, runtime.tlsMode === 'mtls'), true);
    } else {
      if (head.length) socket.unshift(head);
      http.serve(socket, false);
    }
    socket.resume();
  };
  const sniff = (socket: net.Socket, waitMs: number, fallback: Detected['protocol']) => {
    detecting.add(socket);
    void detect(socket, waitMs, fallback).then((d) => dispatch(socket, d));
  };

  const server = net.createServer((socket) => {
    if (http && detectMs > 0) sniff(socket, detectMs, 'mysql');
    else startSession(socket);
  });
  server.on('error', (err) => log.error('edge listener error', { error: err.message }));
  // Its own port waits for the first bytes only to tell HTTPS from plain HTTP; nothing else comes there.
  const httpServer = http && ownPort !== null ? net.createServer((socket) => sniff(socket, 10_000, 'http')) : null;
  httpServer?.on('error', (err) => log.error('edge HTTP listener error', { error: err.message }));

  const host = options.host ?? '127.0.0.1';
  const listen = async (srv: net.Server, port: number) => {
    try {
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, host, () => { srv.off('error', reject); resolve(); });
      });
    } catch (err) {
      server.close();
      await http?.close();
      await admin.end();
      throw new EdgeConfigError(`cannot listen on ${host}:${port}: ${(err as Error).message}`, { cause: err });
    }
    return (srv.address() as net.AddressInfo).port;
  };
  const port = await listen(server, options.port ?? 0);
  const httpPort = httpServer ? await listen(httpServer, ownPort!) : null;
  log.info('edge listening', { host, port, tls: runtime.tlsMode, http: http ? { onEdgePort: detectMs > 0, port: httpPort } : false });

  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    http: http ? { onEdgePort: detectMs > 0, port: httpPort } : null,
    stats: () => ({ ...stats, httpReserved: http?.reservedCount ?? 0, httpUpstreamConnections: http?.upstreamConnections ?? 0 }),
    disconnect(username: string) {
      credentials.forget(username);
      let n = http?.disconnect(username) ?? 0;
      for (const s of [...runtime.sessions.values()]) {
        if (s.username === username) { s.close(); n++; }
      }
      return n;
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        httpServer?.close();
        for (const socket of detecting) socket.destroy();
        for (const s of [...runtime.sessions.values()]) s.close();
        await http?.close();
        await Promise.allSettled([...running]);
        await stopped;
        credentials.clear();
        await runtime.accounts.dropAll();
        await admin.end();
      })();
      return closing;
    },
  };
}
