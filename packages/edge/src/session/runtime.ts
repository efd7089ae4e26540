// What every session of one edge shares.
import type tls from 'node:tls';
import type { AuthPlugin } from '../auth/scramble.js';
import type { BranchRoute, Credential, EdgeLogger, EdgeStats, TlsMode, UpstreamConfig, VitessSurface } from '../types.js';
import type { UpstreamAccounts } from './accounts.js';
import type { Sequences } from '../vtgate/sequences.js';

export interface UpstreamInfo {
  capabilities: number;
  collation: number;
  serverVersion: string;
}

export interface EdgeRuntime {
  upstream: UpstreamConfig;
  upstreamInfo: UpstreamInfo;
  authenticate(username: string): Promise<Credential | null>;
  vitess: VitessSurface | null;
  onSchemaChange(route: BranchRoute): void;
  tlsMode: TlsMode;
  secureContext: tls.SecureContext | null;
  log: EdgeLogger;
  serverVersion: string;
  authPlugin: AuthPlugin;
  maxPacketBytes: number;
  handshakeTimeoutMs: number;
  now(): Date;
  accounts: UpstreamAccounts;
  /** Vitess sequences for auto-increment columns of sharded tables. */
  sequences: Sequences;
  /** Open sessions by edge connection id (the id clients see, e.g. for KILL). */
  sessions: Map<number, SessionHandle>;
  stats: EdgeStats;
}

export interface SessionHandle {
  readonly id: number;
  readonly username: string | null;
  /** The upstream server's thread id for this session, once connected. */
  readonly upstreamThreadId: number | null;
  close(): void;
}
