// `localscale deploy-request watch <database> <number>`: follows a deploy request with the SDK's
// waiter, drawing its deployment_state and a progress bar per table until it settles.
import { parseArgs } from 'node:util';
import { failedStates } from '@localscale/deploy-engine';
import type { DeploymentState, PlanetScaleClient } from '@localscale/sdk';
import { intFlag, UsageError } from './flags.js';
import { liveBlock, type Output } from './render/live.js';
import { renderFrame } from './render/progress.js';
import { connect, connectionFlags, organizationOf } from './remote.js';
import { watchUsage } from './usage.js';

/** The change did not go through: a failed deploy or revert, or deploy checks that failed before any deploy. */
const failed = (s: DeploymentState) => s === 'error' || failedStates.has(s);

export interface WatchOptions { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal }

/** Follows one deploy request until it settles; resolves to the process exit status. */
export async function watchDeployRequest(client: PlanetScaleClient, org: string, database: string, number: number, out: Output, options: WatchOptions = {}): Promise<number> {
  const label = `${org}/${database} deploy request #${number}`;
  const live = liveBlock(out);
  const done = await client.waitForDeployRequest(org, database, number, {
    ...options,
    onProgress: ({ deployment_state, operations }) => live.update(renderFrame({ label, deployment_state, operations })),
  });
  const ok = !failed(done.deployment_state);
  out.write(`${ok ? 'settled' : 'failed'}: ${done.deployment_state}\n`);
  return ok ? 0 : 1;
}

export async function deployRequestCommand(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...connectionFlags, interval: { type: 'string' }, timeout: { type: 'string' } }, allowPositionals: true, strict: true });
  if (values.help) { out.write(watchUsage); return 0; }
  const [sub, database, num, ...rest] = positionals;
  if (sub !== 'watch') throw new UsageError(sub === undefined ? 'missing subcommand; the one there is: watch' : `unknown subcommand "deploy-request ${sub}"; the one there is: watch`, watchUsage);
  if (!database || !num || rest.length) throw new UsageError('expected: deploy-request watch <database> <number>', watchUsage);
  if (!/^[1-9]\d*$/.test(num)) throw new UsageError(`<number>: must be a deploy request number, got ${JSON.stringify(num)}`, watchUsage);
  const intervalMs = intFlag('interval', values.interval, watchUsage);
  const timeoutS = intFlag('timeout', values.timeout, watchUsage);
  const remote = connect(values);
  const org = await organizationOf(remote, values);
  return watchDeployRequest(remote.client, org, database, Number(num), out, {
    intervalMs: intervalMs ?? 1000,
    ...(timeoutS !== undefined ? { timeoutMs: timeoutS * 1000 } : {}),
  });
}
