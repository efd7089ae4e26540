#!/usr/bin/env node
// The `localscale` command line.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load.js';
import type { LogLevel } from '../logging.js';
import { version } from '../version.js';
import { serve } from './serve.js';

const usage = `localscale ${version}: a local stand-in for PlanetScale's management API

Usage:
  localscale serve [options]     start LocalScale (the default command)
  localscale --version | --help

Options for serve:
  --config FILE        config file (JSON or YAML); also LOCALSCALE_CONFIG or CONFIG_FILE
  --port N             HTTP port (default 8080; 0 picks a free one); also LOCALSCALE_PORT
  --host HOST          address to listen on (default 127.0.0.1); also LOCALSCALE_HOST
  --mysql-url URL      use this MySQL server (mysql://user:pass@host:port/) instead of launching
                       a private one; also LOCALSCALE_MYSQL_URL
  --data-dir DIR       keep the private MySQL server's data here (default: temporary);
                       also LOCALSCALE_DATA_DIR
  --edge-port N        MySQL edge port; also LOCALSCALE_EDGE_PORT
  --auth-mode MODE     permissive (any well-formed credential) or strict (configured tokens only);
                       also LOCALSCALE_AUTH_MODE
  --log-level LEVEL    debug, info, warn, error or silent; also LOCALSCALE_LOG_LEVEL
`;

function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ConfigError('command line', [`--${name}: must be an integer, got ${JSON.stringify(value)}`]);
  return Number(value);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'mysql-url': { type: 'string' },
      'data-dir': { type: 'string' }, 'edge-port': { type: 'string' }, 'auth-mode': { type: 'string' },
      'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) { process.stdout.write(usage); return; }
  if (values.version) { process.stdout.write(`${version}\n`); return; }
  const command = positionals[0] ?? 'serve';
  if (command !== 'serve') throw new ConfigError('command line', [`unknown command "${command}"; see localscale --help`]);
  const authMode = values['auth-mode'];
  if (authMode !== undefined && authMode !== 'permissive' && authMode !== 'strict') throw new ConfigError('command line', ['--auth-mode: must be permissive or strict']);
  const logLevel = values['log-level'];
  if (logLevel !== undefined && !['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) throw new ConfigError('command line', ['--log-level: must be debug, info, warn, error or silent']);
  await serve({
    configFile: values.config,
    overrides: {
      port: intFlag('port', values.port), host: values.host, mysqlUrl: values['mysql-url'], dataDir: values['data-dir'],
      edgePort: intFlag('edge-port', values['edge-port']), authMode, logLevel: logLevel as LogLevel | undefined,
    },
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || (err instanceof Error && ['MysqlNotInstalledError', 'MysqlStartError', 'StartupError'].includes(err.name))) {
    process.stderr.write(`localscale: ${err.message}\n`);
  } else if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`localscale: ${err.message}\n\n${usage}`);
  } else {
    process.stderr.write(`localscale: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  }
  process.exit(1);
});
