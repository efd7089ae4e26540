// `localscale serve`: start, print where everything is and a first call to try, stop cleanly on
// SIGINT/SIGTERM.
import { loadConfig, type ConfigOverrides } from '../config/load.js';
import type { LocalScaleConfig } from '../config/types.js';
import { redactUrl, startLocalScale, type LocalScale } from '../runtime.js';

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
    const where = [http.onEdgePort ? `${ls.edge.host}:${ls.edge.port}` : null, http.port !== null ? `${ls.edge.host}:${http.port}` : null].filter(Boolean);
    lines.splice(lines.findIndex((l) => l.startsWith('  Edge:')) + 1, 0, `  HTTP:   ${where.join(' and ')} (PlanetScale's HTTP database API, for @planetscale/database)`);
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
