// The help texts: `localscale --help` and `localscale <command> --help`.
import { version } from '../version.js';

const connection = `Connection (status, deploy-request watch, reset):
  --url URL            LocalScale's address (default http://127.0.0.1:8080; a /v1 suffix is fine);
                       also LOCALSCALE_URL. The read-only commands also work against PlanetScale:
                       --url https://api.planetscale.com
  --org NAME           organization (default PLANETSCALE_ORG, or the only one the credential sees)
  Credentials come from PLANETSCALE_SERVICE_TOKEN_ID and PLANETSCALE_SERVICE_TOKEN, as for pscale;
  without them a placeholder is sent, which LocalScale's default permissive mode accepts.
`;

export const serveUsage = `Usage: localscale serve [options]

Starts LocalScale and prints its API URL, MySQL server, the organizations and databases it serves,
and a first request to try. Ctrl-C (SIGINT) or SIGTERM stops it and its private MySQL server.

Options (each also read from the environment; flags win over the environment, which wins over
the config file):
  --config FILE        config file (JSON or YAML); also LOCALSCALE_CONFIG or CONFIG_FILE
  --port N             HTTP port (default 8080; 0 picks a free one); also LOCALSCALE_PORT
  --host HOST          address to listen on (default 127.0.0.1); also LOCALSCALE_HOST
  --mysql-url URL      use this MySQL server (mysql://user:pass@host:port/) instead of launching
                       a private one; also LOCALSCALE_MYSQL_URL
  --data-dir DIR       keep the private MySQL server's data here (default: temporary);
                       also LOCALSCALE_DATA_DIR
  --edge-port N        MySQL edge port (default 3310; 0 picks a free one); also LOCALSCALE_EDGE_PORT.
                       The HTTP database API listens on the next port (http_port in the config)
  --auth-mode MODE     permissive (any well-formed credential) or strict (configured tokens only);
                       also LOCALSCALE_AUTH_MODE
  --log-level LEVEL    debug, info, warn, error or silent; also LOCALSCALE_LOG_LEVEL
Without --mysql-url LocalScale runs mariadbd or mysqld from PATH or the usual install
directories (LOCALSCALE_MYSQLD names one explicitly).
`;

export const statusUsage = `Usage: localscale status [--url URL] [--org NAME] [--all]

Lists an organization's databases, their branches and their open deploy requests as tables.

Options:
  --all                every deploy request, not only the open ones

${connection}`;

export const watchUsage = `Usage: localscale deploy-request watch <database> <number> [options]

Follows a deploy request: its deployment_state and a progress bar per table change, until it settles
(a state in which nothing happens until someone acts: ready, no_changes, pending_cutover,
complete_pending_revert, complete, cancelled, an error...). Exits 1 if it settles in an error state.

Options:
  --interval MS        time between polls (default 1000)
  --timeout S          give up after this many seconds (default 3600)

${connection}`;

export const resetUsage = `Usage: localscale reset [--url URL]

Resets a LocalScale to a clean state (POST /admin/reset-state): stops running deployments, drops every
development branch and deletes every deploy request. Databases and their production schema stay.

${connection}`;

export const usage = `localscale ${version}: a local stand-in for PlanetScale's management API

Usage:
  localscale serve [options]                      start LocalScale (the default command)
  localscale status [--org NAME]                  databases, branches and deploy requests
  localscale deploy-request watch <db> <number>   follow a deployment with progress bars
  localscale reset                                reset LocalScale to a clean state
  localscale <command> --help                     options of one command
  localscale --version | --help

${serveUsage.replace(/^Usage: .*\n\n/, 'serve: ')}
${connection}`;
