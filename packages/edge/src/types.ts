// The edge's public contract. The server owns passwords and branches and hands them to the edge through
// `authenticate`; the edge owns the MySQL protocol.
import type { KeyspaceVSchema, MigrationEngine } from '@localscale/vitess';
import type { PasswordVerifier } from './auth/scramble.js';

/** PlanetScale's password roles. */
export type PasswordRole = 'reader' | 'writer' | 'readwriter' | 'admin';

export interface KeyspaceRoute {
  name: string;
  /** The physical MySQL database of each shard, in shard order; an unsharded keyspace has one. */
  databases: readonly string[];
  /** Vitess shard names parallel to `databases`; defaults to the even split (`-`, or `-80`, `80-`, ...). */
  shards?: readonly string[];
  /** The keyspace's VSchema, which routes its queries; none is an unsharded keyspace. */
  vschema?: KeyspaceVSchema;
}

/** Where a credential's connections go: one branch of one database. */
export interface BranchRoute {
  organization: string;
  database: string;
  branch: string;
  production: boolean;
  safeMigrations: boolean;
  keyspaces: readonly KeyspaceRoute[];
}

export interface Credential {
  username: string;
  /**
   * Digests to check the client's scramble, one per auth plugin the credential supports (see
   * `passwordVerifiers(plainText)`): no plain text is ever needed.
   */
  verifiers: readonly PasswordVerifier[];
  branch: BranchRoute;
  role: PasswordRole;
  /** Connections are refused from this instant on; null never expires. */
  expiresAt: Date | null;
}

export interface UpstreamConfig {
  host: string;
  port: number;
  /**
   * The server's Unix socket on this machine, if it has one: sessions connect there instead of to
   * host:port (as vttablet talks to its mysqld), which costs the kernel less per packet than loopback TCP.
   */
  socketPath?: string | null;
  /** An account allowed to create users and grant privileges on the branch databases (e.g. root). */
  user: string;
  password: string;
}

export type TlsMode = 'none' | 'tls' | 'mtls';

export type EdgeTlsOptions =
  | { mode: 'none' }
  | { mode: 'tls'; cert: string; key: string; ca?: string }
  | { mode: 'mtls'; cert: string; key: string; ca: string };

/** Structurally compatible with the server's logger. */
export interface EdgeLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Vitess's SQL surface. The edge parses the statements and session variables itself and calls the
 * branch's migration engine through the port; a route without an engine (null) gets vtgate's
 * `online DDL is disabled` for online DDL and the control statements.
 */
export interface VitessSurface {
  engineFor(route: BranchRoute): Promise<MigrationEngine | null>;
}

/**
 * PlanetScale's HTTP database API (what @planetscale/database speaks) beside the MySQL protocol: on a
 * port of its own by default, and optionally on the edge port too. Limits default to PlanetScale's:
 * 100,000 rows and 64 MiB per result, 20 s per transaction.
 */
export interface EdgeHttpOptions {
  /** The API's own listener (plain HTTP and HTTPS): a port, 0 for a free one (the default); null for none. */
  port?: number | null;
  /**
   * Serve HTTP on the edge port too (opt-in): a new connection there waits this long for the client's
   * first bytes (HTTP clients speak first, MySQL clients wait for the greeting) before it is greeted as
   * MySQL, so every MySQL connection pays the wait. Default 0: the edge port speaks MySQL only, at once.
   */
  detectMs?: number;
  maxRows?: number;
  maxResultBytes?: number;
  /** Largest request body; default 64 MiB. */
  maxBodyBytes?: number;
  transactionTimeoutMs?: number;
  /** A session's settings-only reserved connection is dropped after this long unused; default 60 s. */
  reservedIdleMs?: number;
  /** Sessions holding a connection (open transaction or settings) at once; default 32. */
  maxReserved?: number;
  /** Upstream connections for HTTP at once, reserved ones included; default 64. */
  maxConnections?: number;
  /** Idle pooled connections close after this long; default 30 s. */
  idleConnectionMs?: number;
  /** A verified password is trusted this long before it is looked up again; default 2 s. */
  credentialCacheMs?: number;
}

export interface EdgeOptions {
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  upstream: UpstreamConfig;
  /** Looks a username up; null when it is unknown or deleted. */
  authenticate(username: string): Promise<Credential | null>;
  /**
   * A credential `authenticate` found is trusted this long: connections opened meanwhile by the same
   * username skip the lookup (expiry is still checked each time, and `disconnect` forgets it at once).
   * Default 2 s; 0 looks every connection up.
   */
  credentialCacheMs?: number;
  vitess?: VitessSurface;
  /**
   * Told after DDL a client ran directly on a branch (not as an online migration), so whoever derives
   * things from the branch's schema (open deploy requests' diffs) can look again.
   */
  onSchemaChange?(route: BranchRoute): void;
  tls?: EdgeTlsOptions;
  log?: EdgeLogger;
  /** The version string in the greeting; defaults to the upstream server's. */
  serverVersion?: string;
  /** The plugin offered in the greeting; clients may still answer with the other one. Default mysql_native_password. */
  authPlugin?: PasswordVerifier['kind'];
  /** Largest command a client may send (max_allowed_packet); default 64 MiB. */
  maxPacketBytes?: number;
  /** Time a client has to finish the handshake; default 10 s (MySQL's connect_timeout). */
  handshakeTimeoutMs?: number;
  /** Clock for expiry checks. */
  now?: () => Date;
  /** PlanetScale's HTTP database API (`{}`: on a free port of its own); absent: MySQL only. */
  http?: EdgeHttpOptions;
}

export interface EdgeStats {
  /** Client connections open now (in handshake or authenticated). */
  connections: number;
  /** Upstream MySQL connections open now. */
  upstreamConnections: number;
  /** Client connections accepted since start. */
  accepted: number;
  /** Handshakes that ended in an authenticated session. */
  authenticated: number;
  /** Handshakes refused with access denied. */
  authFailures: number;
  /** Connections closed because of a protocol violation, an oversized packet or a timeout. */
  protocolErrors: number;
  /** HTTP API requests served since start. */
  httpRequests: number;
  /** HTTP sessions holding an upstream connection now (open transaction or settings). */
  httpReserved: number;
  /** Upstream connections the HTTP API has open now (pooled, in use or reserved). */
  httpUpstreamConnections: number;
}

export interface Edge {
  readonly host: string;
  readonly port: number;
  /** The HTTP API: whether the edge port serves it too, and its own port (null: none); null when off. */
  readonly http: { readonly onEdgePort: boolean; readonly port: number | null } | null;
  stats(): EdgeStats;
  /** Closes the sessions of a username and forgets its credential (e.g. when its password is deleted); resolves to how many. */
  disconnect(username: string): number;
  /** Stops listening, closes every session and removes the upstream accounts the edge created. */
  close(): Promise<void>;
}
