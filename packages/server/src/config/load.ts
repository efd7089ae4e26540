// Reads a config file (JSON or YAML), validates it against the JSON Schema with messages that name
// the offending key, applies env vars and flags on top, and fills in defaults.
import { readFile } from 'node:fs/promises';
import AjvModule, { type ErrorObject } from 'ajv/dist/2020.js';
import YAML from 'yaml';
import { configSchema } from './schema.js';
import { isDuration, parseDuration } from './duration.js';
import type { KeyspaceConfig, LocalScaleConfig, OrganizationConfig } from './types.js';
import type { LogLevel } from '../logging.js';
import { isAccessName } from '../access/grants.js';

const Ajv2020 = AjvModule.default;

export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The file format as written by people; validated before it becomes a LocalScaleConfig. */
export interface RawConfig {
  listen_addr?: string; public_url?: string; mysql_url?: string; data_dir?: string; metadata_schema?: string;
  database_prefix?: string; log_level?: LogLevel; max_body_bytes?: number;
  revert_window_duration?: string | number; processor_tick_interval?: string | number;
  branch_creation_delay?: string | number; deploy_request_delay?: string | number; default_throttle_ratio?: number;
  edge_port?: number; edge_host?: string; proxy_advertise_host?: string; branch_tls_mode?: 'none' | 'tls' | 'mtls';
  http_port?: number | null; http_detect_timeout?: string | number;
  auth?: { mode?: 'permissive' | 'strict'; service_tokens?: { id: string; token: string; name?: string; accesses?: string[] }[]; access_tokens?: string[] };
  organizations?: Record<string, {
    billing_email?: string;
    databases: Record<string, { region?: string; require_approval?: boolean; safe_migrations?: boolean; keyspaces?: { name: string; shards?: number; sharded?: boolean }[] }>;
  }>;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat('duration', { type: 'string', validate: (s: string) => isDuration(s) });
ajv.addFormat('uri', { type: 'string', validate: (s: string) => URL.canParse(s) });
const validate = ajv.compile<RawConfig>(configSchema);

function describe(e: ErrorObject): string {
  const at = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = at.reduce((s, p) => (/^\d+$/.test(p) ? `${s}[${p}]` : `${s}.${p}`), '');
  const where = path ? path.slice(1) : '(top level)';
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': return `${where}: unknown key "${String(params.additionalProperty)}"`;
    case 'required': return `${where}: missing required key "${String(params.missingProperty)}"`;
    case 'enum': return `${where}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'propertyNames': return `${where}: invalid name "${String(params.propertyName)}" (lowercase letters, digits and dashes)`;
    case 'pattern': return `${where}: ${JSON.stringify(e.data)} does not match ${String(params.pattern)}`;
    case 'anyOf': return `${where}: must be a duration such as "500ms", "2s", "30m" or a number of milliseconds`;
    default: return `${where}: ${e.message ?? 'is invalid'}`;
  }
}

export function validateRawConfig(raw: unknown, source: string): RawConfig {
  if (!validate(raw)) {
    const errors = validate.errors ?? [];
    // An anyOf failure is explained once, by its own message, not by each alternative's complaint.
    const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
    const problems = [...new Set(errors
      .filter((e) => e.keyword === 'anyOf' || !anyOfPaths.has(e.instancePath))
      .filter((e) => !(e.keyword === 'pattern' && e.propertyName !== undefined))
      .map(describe))];
    throw new ConfigError(source, problems);
  }
  return raw;
}

export async function readConfigFile(file: string): Promise<RawConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  let parsed: unknown;
  try {
    parsed = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new ConfigError(file, [`not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(err as Error).message}`]);
  }
  return validateRawConfig(parsed ?? {}, file);
}

/** One organization, one database, one unsharded keyspace: enough to try every endpoint. */
export const defaultOrganizations: RawConfig['organizations'] = {
  localscale: { databases: { app: { keyspaces: [{ name: 'app', shards: 1 }] } } },
};

/** Values from the command line and the environment; each wins over the file. */
export interface ConfigOverrides {
  port?: number; host?: string; mysqlUrl?: string; dataDir?: string; edgePort?: number;
  logLevel?: LogLevel; authMode?: 'permissive' | 'strict'; metadataSchema?: string; databasePrefix?: string;
}

export function overridesFromEnv(env: NodeJS.ProcessEnv): ConfigOverrides {
  const int = (v: string | undefined, key: string) => {
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v)) throw new ConfigError('environment', [`${key}: must be an integer, got ${JSON.stringify(v)}`]);
    return Number(v);
  };
  const oneOf = <T extends string>(v: string | undefined, key: string, allowed: readonly T[]): T | undefined => {
    if (v === undefined || v === '') return undefined;
    if (!(allowed as readonly string[]).includes(v)) throw new ConfigError('environment', [`${key}: must be one of ${allowed.join(', ')}`]);
    return v as T;
  };
  return {
    port: int(env.LOCALSCALE_PORT, 'LOCALSCALE_PORT'),
    host: env.LOCALSCALE_HOST || undefined,
    mysqlUrl: env.LOCALSCALE_MYSQL_URL || undefined,
    dataDir: env.LOCALSCALE_DATA_DIR || undefined,
    edgePort: int(env.LOCALSCALE_EDGE_PORT, 'LOCALSCALE_EDGE_PORT'),
    logLevel: oneOf(env.LOCALSCALE_LOG_LEVEL, 'LOCALSCALE_LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const),
    authMode: oneOf(env.LOCALSCALE_AUTH_MODE, 'LOCALSCALE_AUTH_MODE', ['permissive', 'strict'] as const),
  };
}

function splitListen(addr: string | undefined): { host?: string; port?: number } {
  if (!addr) return {};
  const i = addr.lastIndexOf(':');
  const host = addr.slice(0, i).replace(/^\[|\]$/g, '');
  return { host: host || undefined, port: Number(addr.slice(i + 1)) };
}

const defaultPort = 8080;
const defaultEdgePort = 3310;

export function resolveConfig(raw: RawConfig, overrides: ConfigOverrides = {}): LocalScaleConfig {
  const problems: string[] = [];
  const listen = splitListen(raw.listen_addr);
  const port = overrides.port ?? listen.port ?? defaultPort;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`port: ${port} is not a valid TCP port`);
  const isDefault = raw.organizations === undefined;
  const organizations: OrganizationConfig[] = Object.entries(raw.organizations ?? defaultOrganizations ?? {}).map(([orgName, org]) => ({
    name: orgName,
    billingEmail: org.billing_email ?? null,
    databases: Object.entries(org.databases).map(([dbName, db]) => {
      const keyspaces: KeyspaceConfig[] = (db.keyspaces ?? [{ name: dbName.replace(/-/g, '_') }]).map((k) => {
        const shards = Math.max(1, k.shards ?? 1);
        return { name: k.name, shards, sharded: k.sharded ?? shards > 1 };
      });
      const seen = new Set<string>();
      keyspaces.forEach((k, i) => {
        if (seen.has(k.name)) problems.push(`organizations.${orgName}.databases.${dbName}.keyspaces[${i}].name: duplicate keyspace "${k.name}"`);
        seen.add(k.name);
      });
      return {
        name: dbName, region: db.region ?? 'us-east', requireApproval: db.require_approval ?? false,
        safeMigrations: db.safe_migrations ?? true, keyspaces,
      };
    }),
  }));
  const auth = {
    mode: overrides.authMode ?? raw.auth?.mode ?? 'permissive',
    serviceTokens: (raw.auth?.service_tokens ?? []).map((t) => ({ id: t.id, token: t.token, ...(t.accesses ? { accesses: t.accesses } : {}) })),
    accessTokens: raw.auth?.access_tokens ?? [],
  } as const;
  (raw.auth?.service_tokens ?? []).forEach((t, i) => (t.accesses ?? []).forEach((a, j) => {
    if (!isAccessName(a)) problems.push(`auth.service_tokens[${i}].accesses[${j}]: unknown access "${a}" (PlanetScale's access names, e.g. read_branch, create_deploy_request)`);
  }));
  if (auth.mode === 'strict' && auth.serviceTokens.length === 0 && auth.accessTokens.length === 0) {
    problems.push('auth: strict mode needs at least one entry in auth.service_tokens or auth.access_tokens');
  }
  if (problems.length) throw new ConfigError('configuration', problems);
  // A fixed API port gets a fixed edge port; "pick free ports" (port 0) picks one for the edge too.
  const edgePort = overrides.edgePort ?? raw.edge_port ?? (port === 0 ? 0 : defaultEdgePort);
  return {
    listen: { host: overrides.host ?? listen.host ?? '127.0.0.1', port },
    publicUrl: raw.public_url?.replace(/\/+$/, '') ?? null,
    mysqlUrl: overrides.mysqlUrl ?? raw.mysql_url ?? null,
    dataDir: overrides.dataDir ?? raw.data_dir ?? null,
    metadataSchema: overrides.metadataSchema ?? raw.metadata_schema ?? 'localscale',
    databasePrefix: overrides.databasePrefix ?? raw.database_prefix ?? 'ls',
    logLevel: overrides.logLevel ?? raw.log_level ?? 'info',
    maxBodyBytes: raw.max_body_bytes ?? 5 * 1024 * 1024,
    revertWindowMs: parseDuration(raw.revert_window_duration ?? '30m') || parseDuration('30m'),
    processorIntervalMs: parseDuration(raw.processor_tick_interval ?? '500ms') || 500,
    branchCreationDelayMs: parseDuration(raw.branch_creation_delay ?? 0),
    deployRequestDelayMs: parseDuration(raw.deploy_request_delay ?? 0),
    defaultThrottleRatio: raw.default_throttle_ratio ?? 0,
    edge: {
      host: raw.edge_host ?? '127.0.0.1', port: edgePort,
      advertiseHost: raw.proxy_advertise_host ?? null, tlsMode: raw.branch_tls_mode ?? 'none',
      // The HTTP database API gets a port of its own, next to the edge's (a free one when the edge's is
      // free), so MySQL clients on the edge port never wait for protocol detection; detection is opt-in.
      http: {
        detectMs: parseDuration(raw.http_detect_timeout ?? 0),
        port: raw.http_port === null ? null : raw.http_port ?? (edgePort === 0 || edgePort === 65535 ? 0 : edgePort + 1),
      },
    },
    auth,
    organizations,
    isDefault,
  };
}

export async function loadConfig(options: { file?: string; overrides?: ConfigOverrides; env?: NodeJS.ProcessEnv } = {}): Promise<LocalScaleConfig> {
  const env = options.env ?? process.env;
  const file = options.file ?? (env.LOCALSCALE_CONFIG || env.CONFIG_FILE || undefined);
  const raw = file ? await readConfigFile(file) : {};
  return resolveConfig(raw, { ...overridesFromEnv(env), ...stripUndefined(options.overrides ?? {}) });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
