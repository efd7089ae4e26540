// `@localscale/server/testing`: LocalScale for your own test suite. Plain async functions (no test
// framework API), so it works from vitest, jest, node:test or a script:
//
//   const ls = await startLocalScale();
//   const db = await ls.client.databases.get(ls.organization, ls.database);
//   await ls.stop();
import { rm } from 'node:fs/promises';
import { readConfigFile, resolveConfig, validateRawConfig, type RawConfig } from '../config/load.js';
import type { LogLevel } from '../logging.js';
import { createHandle, type LocalScaleHandle } from './handle.js';
import { clientAddresses, startInProcess } from './in-process.js';
import { attachOrStart, readState, reusePaths, stopDaemon } from './reuse.js';

export type { LocalScaleHandle, LocalScaleAdmin, Target, AdminQueryResult, QueryArg } from './handle.js';
export type { RawConfig as LocalScaleConfigFile } from '../config/load.js';

export interface StartLocalScaleOptions {
  /** The configuration, as in a config file (snake_case keys), or the path of a JSON/YAML config file. Default: organization `localscale`, database `app`. */
  config?: RawConfig | string;
  /** An existing MySQL server (mysql://user:pass@host:port/) to use instead of launching a private one; default LOCALSCALE_TEST_MYSQL_URL. LocalScale works in its own uniquely named schemas there and drops them on stop(). */
  mysqlUrl?: string;
  /** Keep one server across test runs (`true`, or a name to keep several apart): later runs attach to it and reset its state. stop() then only detaches. */
  reuse?: boolean | string;
  /** With `reuse`: reset the server's state when attaching (default true). */
  resetOnAttach?: boolean;
  /** Server log level (JSON lines on stderr); default `silent`. */
  logLevel?: LogLevel;
}

// Accepted by LocalScale's default permissive mode, which checks only that a credential is well formed.
const placeholder = { serviceTokenId: 'localscale-test', serviceToken: 'localscale-test' };

async function readOptions(options: StartLocalScaleOptions) {
  const raw = typeof options.config === 'string' ? await readConfigFile(options.config) : validateRawConfig(options.config ?? {}, 'startLocalScale({ config })');
  const config = resolveConfig(raw);
  const org = config.organizations[0];
  const db = org?.databases[0];
  const keyspace = db?.keyspaces[0];
  const token = config.auth.serviceTokens[0];
  return {
    raw,
    defaults: { organization: org?.name ?? '', database: db?.name ?? '', keyspace: keyspace?.name ?? '' },
    credentials: config.auth.mode === 'strict' && token ? { serviceTokenId: token.id, serviceToken: token.token } : placeholder,
    mysqlUrl: options.mysqlUrl ?? (process.env.LOCALSCALE_TEST_MYSQL_URL || undefined),
    logLevel: options.logLevel ?? 'silent',
  };
}

/** Starts LocalScale on free loopback ports (or attaches to a kept one, with `reuse`). */
export async function startLocalScale(options: StartLocalScaleOptions = {}): Promise<LocalScaleHandle> {
  const { raw, defaults, credentials, mysqlUrl, logLevel } = await readOptions(options);
  if (options.reuse) {
    const key = options.reuse === true ? 'default' : options.reuse;
    const { state, attached } = await attachOrStart(key, raw, mysqlUrl, logLevel);
    const handle = createHandle({ url: state.url, edge: state.edge, http: state.http ?? null, defaults, credentials, reused: attached, stop: async () => undefined });
    if (attached && options.resetOnAttach !== false) {
      await handle.admin.reset().catch((err: unknown) => {
        throw new Error(`reuse: could not reset the kept LocalScale at ${state.url} (pid ${state.pid}): ${(err as Error).message}`, { cause: err });
      });
    }
    return handle;
  }
  const ls = await startInProcess(raw, { mysqlUrl, logLevel });
  return createHandle({ url: ls.url, ...clientAddresses(ls), defaults, credentials, reused: false, stop: ls.stop });
}

/**
 * A handle on a LocalScale started elsewhere (by a globalSetup file, `localscale serve`, a CI service),
 * e.g. `connectLocalScale(process.env.LOCALSCALE_URL!)`. `config` supplies the admin helpers'
 * defaults and credential; stop() does nothing to the server.
 */
export async function connectLocalScale(url: string, options: Pick<StartLocalScaleOptions, 'config'> = {}): Promise<LocalScaleHandle> {
  const { defaults, credentials } = await readOptions(options);
  return createHandle({ url: url.replace(/\/+$/, '').replace(/\/v1$/, ''), edge: null, http: null, defaults, credentials, reused: true, stop: async () => undefined });
}

/** Stops the server kept by `reuse` (`true` or its name); resolves to false when none was running. */
export async function stopReusedLocalScale(reuse: true | string = true): Promise<boolean> {
  const paths = reusePaths(reuse === true ? 'default' : reuse);
  const state = await readState(paths.state);
  if (!state) return false;
  await stopDaemon(state, paths.state);
  await rm(paths.log, { force: true });
  return true;
}
