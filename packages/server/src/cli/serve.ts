// `localscale serve`: start, print where everything is and a first call to try, stop cleanly on
// SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { loadConfig, type ConfigOverrides } from '../config/load.js';
import type { LocalScaleConfig } from '../config/types.js';
import type { LogLevel } from '../logging.js';
import { redactUrl, startLocalScale, type LocalScale } from '../runtime.js';
import { intFlag, oneOfFlag, UsageError } from './flags.js';
import type { Output } from './render/live.js';
import { serveUsage } from './usage.js';

export interface ServeOptions { configFile?: string; overrides: ConfigOverrides }

export function banner(ls: LocalScale, config: LocalScaleConfig): string {
  const org = config.organizations[0];
  const db = org?.databases[0];
  const mysql = ls.mysql.managed
    ? `${ls.mysql.url} (private ${ls.mysql.managed.flavor} ${ls.mysql.managed.version}, ${ls.mysql.managed.persistent ? `data in ${ls.mysql.managed.dataDir}` : 'temporary data'})`
    : `${redactUrl(ls.mysql.url)} (external)`;
  const lines = [
    '',
    'LocalScale is running',
    `  API:    ${ls.apiUrl}`,
    `  Edge:   ${ls.edge.host}:${ls.edge.port} (MySQL protocol, for branch passwords${ls.edge.tls ? `; TLS, CA at ${ls.edge.tls.caCertPath}` : ''})`,
    `  MySQL:  ${mysql}`,
  ];
  const http = ls.edge.http;
  if (http) {
    const where = [http.port !== null ? `${ls.edge.host}:${http.port}` : null, http.onEdgePort ? `${ls.edge.host}:${ls.edge.port}` : null].filter(Boolean);
    if (where.length) {
      lines.splice(lines.findIndex((l) => l.startsWith('  Edge:')) + 1, 0,
        `  HTTP:   ${where.join(' and ')} (PlanetScale's HTTP database API, for @planetscale/database: a password's http_access_host_url)`);
    }
  }
  for (const o of config.organizations) {
    lines.push(`  Organization ${o.name}: ${o.databases.map((d) => `${d.name} (keyspaces: ${d.keyspaces.map((k) => k.shards > 1 ? `${k.name}/${k.shards} shards` : k.name).join(', ')})`).join('; ')}`);
  }
  if (config.isDefault) lines.push('  (built-in default configuration; pass --config FILE to change it)');
  if (org && db) {
    const auth = config.auth.mode === 'strict' ? `${config.auth.serviceTokens[0]?.id ?? 'ID'}:${config.auth.serviceTokens[0] ? '<token>' : 'TOKEN'}` : 'my-token-id:my-token';
    lines.push('', 'Try:', `  curl -s -H 'Authorization: ${auth}' ${ls.apiUrl}/organizations/${org.name}/databases`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

export async function serve(options: ServeOptions): Promise<void> {
  const config = await loadConfig({ file: options.configFile, overrides: options.overrides });
  const ls = await startLocalScale(config);
  process.stdout.write(banner(ls, config));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping LocalScale...\n`);
    ls.stop().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const satisfies readonly LogLevel[];

/** `localscale serve [flags]`; resolves once LocalScale is up (it then runs until a signal). */
export async function serveCommand(args: string[], out: Output): Promise<undefined | number> {
  const { values, positionals } = parseArgs({ args, options: {
    config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'mysql-url': { type: 'string' },
    'data-dir': { type: 'string' }, 'edge-port': { type: 'string' }, 'auth-mode': { type: 'string' },
    'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, allowPositionals: true, strict: true });
  if (values.help) { out.write(serveUsage); return 0; }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, serveUsage);
  await serve({
    configFile: values.config,
    overrides: {
      port: intFlag('port', values.port), host: values.host, mysqlUrl: values['mysql-url'], dataDir: values['data-dir'],
      edgePort: intFlag('edge-port', values['edge-port']),
      authMode: oneOfFlag('auth-mode', values['auth-mode'], ['permissive', 'strict'] as const),
      logLevel: oneOfFlag('log-level', values['log-level'], logLevels),
    },
  });
  return undefined;
}
