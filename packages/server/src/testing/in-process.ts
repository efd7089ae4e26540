// A LocalScale inside this process, on free ports. On a shared MySQL server (mysqlUrl) it gets its
// own metadata schema and physical-database prefix, so several can share one server, and stop()
// drops what it created; otherwise it launches a private MySQL server that stop() shuts down.
import { dropPhysicalDatabases, listPhysicalDatabases, quoteIdentifier } from '@localscale/mysql';
import { uniqueTag } from '@localscale/mysql/testing';
import { httpApiPort } from '../edge/addresses.js';
import { resolveConfig, type RawConfig } from '../config/load.js';
import { createLogger, type LogLevel } from '../logging.js';
import { startLocalScale as startRuntime, type LocalScale, type StartOptions } from '../runtime.js';
import type { ClusterOptions } from '../deploy/clusters.js';
import { disown, own } from './exit.js';

export interface InProcessOptions {
  mysqlUrl?: string;
  logLevel?: LogLevel;
  /** Check every response against the spec (LocalScale's own tests). */
  validateResponses?: boolean;
  /** With mysqlUrl: the schemas of an earlier instance to start on again (restart tests); default a new tag. */
  tag?: string;
  /** Tuning of the embedded Vitess engines (LocalScale's own tests use short ticks). */
  clusters?: ClusterOptions;
  /** Webhook delivery tuning (LocalScale's own tests shorten the retries). */
  webhooks?: StartOptions['webhooks'];
  /** Where time comes from. */
  clock?: StartOptions['clock'];
}

/** host:port of the MySQL edge and of the HTTP database API (its own port, else the edge port when that serves it). */
export function clientAddresses(ls: LocalScale): { edge: string | null; http: string | null } {
  if (!ls.edge) return { edge: null, http: null };
  const httpPort = httpApiPort(ls.edge);
  return { edge: `${ls.edge.host}:${ls.edge.port}`, http: httpPort === null ? null : `${ls.edge.host}:${httpPort}` };
}

export interface InProcessLocalScale extends LocalScale {
  /** Schema and database-name prefix on a shared server; undefined on a private one. */
  readonly tag: string | undefined;
  /** Stops without dropping anything, so `startInProcess(raw, { tag })` can start on the same state. */
  shutdown(): Promise<void>;
}

export async function startInProcess(raw: RawConfig, options: InProcessOptions = {}): Promise<InProcessLocalScale> {
  const tag = options.mysqlUrl ? options.tag ?? uniqueTag() : undefined;
  const config = resolveConfig({ ...raw, log_level: options.logLevel ?? raw.log_level ?? 'silent' }, {
    port: 0, edgePort: 0,
    ...(options.mysqlUrl ? { mysqlUrl: options.mysqlUrl } : {}),
    ...(tag ? { metadataSchema: `ls_${tag}`, databasePrefix: tag } : {}),
  });
  const ls = await startRuntime(config, {
    validateResponses: options.validateResponses, clusters: options.clusters, webhooks: options.webhooks, clock: options.clock, log: createLogger(config.logLevel),
  });
  let stopping: Promise<void> | undefined;
  const owned = {
    stopNow: () => { if (ls.mysql.managed) try { process.kill(ls.mysql.managed.pid, 'SIGTERM'); } catch { /* already gone */ } },
    stop: () => (stopping ??= (async () => {
      disown(owned);
      if (tag) {
        await dropPhysicalDatabases(ls.services.admin, await listPhysicalDatabases(ls.services.admin, tag));
        await ls.services.admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(config.metadataSchema)}`);
      }
      await ls.stop();
    })()),
  };
  own(owned);
  const shutdown = () => (stopping ??= (async () => { disown(owned); await ls.stop(); })());
  return { ...ls, stop: owned.stop, shutdown, tag };
}
