// The resolved configuration every part of the server reads: defaults applied, durations in
// milliseconds, names checked.
import type { LogLevel } from '../logging.js';

export interface KeyspaceConfig { readonly name: string; readonly shards: number; readonly sharded: boolean }
export interface DatabaseConfig {
  readonly name: string; readonly region: string; readonly requireApproval: boolean; readonly safeMigrations: boolean;
  readonly keyspaces: readonly KeyspaceConfig[];
}
export interface OrganizationConfig { readonly name: string; readonly billingEmail: string | null; readonly databases: readonly DatabaseConfig[] }

export interface LocalScaleConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly publicUrl: string | null;
  readonly mysqlUrl: string | null;
  readonly dataDir: string | null;
  readonly metadataSchema: string;
  readonly databasePrefix: string;
  readonly logLevel: LogLevel;
  readonly maxBodyBytes: number;
  readonly revertWindowMs: number;
  readonly processorIntervalMs: number;
  readonly branchCreationDelayMs: number;
  readonly deployRequestDelayMs: number;
  readonly defaultThrottleRatio: number;
  readonly edge: {
    readonly host: string; readonly port: number; readonly advertiseHost: string | null; readonly tlsMode: 'none' | 'tls' | 'mtls';
    /**
     * PlanetScale's HTTP database API: on `port` of its own (0: a free one; null: none), and on the edge
     * port too when `detectMs` > 0 (a new connection there waits that long for an HTTP client's first
     * bytes before it is greeted as MySQL). Off when neither.
     */
    readonly http: { readonly detectMs: number; readonly port: number | null };
  };
  readonly auth: {
    readonly mode: 'permissive' | 'strict';
    /** Without `accesses` a token holds every access (strict mode); with it, those on every organization and database. */
    readonly serviceTokens: readonly { readonly id: string; readonly token: string; readonly accesses?: readonly string[] }[];
    readonly accessTokens: readonly string[];
  };
  readonly organizations: readonly OrganizationConfig[];
  /** True when no config file was given and the built-in default organization is used. */
  readonly isDefault: boolean;
}
