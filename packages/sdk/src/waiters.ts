// Waiting for PlanetScale's long-running work (branch snapshots, deployments) by polling, with a
// deadline, cancellation and a progress callback for progress bars.
import { childController, sleep } from './abort.js';
import type { PlanetScaleApi } from './api.js';
import { isPlanetScaleError } from './errors.js';
import { pages } from './pagination.js';
import type { Branch, DeployOperation, DeployRequest, DeploymentState } from './types.js';
import { unwrap } from './unwrap.js';

export interface WaitOptions<Progress> {
  /** Give up after this long with a WaitTimeoutError. */
  timeoutMs?: number;
  /** Pause between polls. Default 1000 ms. */
  intervalMs?: number;
  /** Aborting stops the wait (and the request in flight) and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after every poll. */
  onProgress?: (progress: Progress) => void;
}

/** Thrown when a waiter's deadline passes; `last` is the last state it saw. */
export class WaitTimeoutError<Last = unknown> extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(message: string, readonly last: Last | undefined) { super(message); }
}

const timedOut = Symbol('timed out');

interface Poll<T, Progress> extends WaitOptions<Progress> {
  what: string;
  timeoutMs: number;
  read: (signal: AbortSignal) => Promise<T>;
  progress: (value: T, signal: AbortSignal) => Progress | Promise<Progress>;
  done: (value: T) => boolean;
}

async function poll<T, Progress>(p: Poll<T, Progress>): Promise<T> {
  const { controller, release } = childController(p.signal);
  const deadline = setTimeout(() => controller.abort(timedOut), p.timeoutMs);
  let last: T | undefined;
  try {
    for (;;) {
      last = await p.read(controller.signal);
      if (p.onProgress) p.onProgress(await p.progress(last, controller.signal));
      if (p.done(last)) return last;
      await sleep(p.intervalMs ?? 1000, controller.signal);
    }
  } catch (error) {
    if (controller.signal.reason === timedOut && !p.signal?.aborted) {
      throw new WaitTimeoutError(`timed out after ${p.timeoutMs} ms waiting for ${p.what}`, last);
    }
    throw p.signal?.aborted ? p.signal.reason : error;
  } finally {
    clearTimeout(deadline);
    release();
  }
}

/** Deployment states in which nothing more happens until someone acts (or the revert window ends). */
export const settledDeploymentStates: readonly DeploymentState[] = [
  'ready', 'no_changes', 'error', 'pending_cutover', 'complete_pending_revert', 'complete',
  'complete_cancel', 'complete_error', 'complete_revert', 'complete_revert_error', 'cancelled',
];

export interface DeployRequestProgress {
  deployment_state: DeploymentState;
  /** One entry per table (per shard when sharded) with its `state`, `progress_percentage` and `eta_seconds`. */
  operations: DeployOperation[];
  deployRequest: DeployRequest;
}

export interface WaitForDeployRequestOptions extends WaitOptions<DeployRequestProgress> {
  /** The states to wait for, or a test of the deploy request. Default: settledDeploymentStates. */
  until?: readonly DeploymentState[] | ((deployRequest: DeployRequest) => boolean);
}

export interface BranchProgress {
  ready: boolean;
  state: Branch['state'];
  branch: Branch;
}

export function createWaiters(api: PlanetScaleApi) {
  /** The per-table operations of a deploy request; from its deployment when it has one (always, per the spec). */
  const operationsOf = async (deployRequest: DeployRequest, path: { organization: string; database: string; number: number }, signal: AbortSignal) => {
    // PlanetScale's Go client tolerates a missing deployment, so this does too.
    const embedded = (deployRequest.deployment as DeployRequest['deployment'] | null | undefined)?.deploy_operations;
    if (embedded) return embedded;
    const list: DeployOperation[] = [];
    try {
      const fetchPage = (page: number) => unwrap(api.GET('/organizations/{organization}/databases/{database}/deploy-requests/{number}/operations', { params: { path, query: { page, per_page: 100 } }, signal }));
      for await (const operation of pages(fetchPage)) list.push(operation);
    } catch (error) {
      if (!isPlanetScaleError(error, 'not_found')) throw error;
    }
    return list;
  };

  return {
    /** Polls a branch until it is ready (its schema snapshot done). Default timeout 10 minutes. */
    waitForBranchReady: (organization: string, database: string, branch: string, options: WaitOptions<BranchProgress> = {}): Promise<Branch> =>
      poll({
        what: `branch ${organization}/${database}/${branch} to be ready`,
        ...options,
        timeoutMs: options.timeoutMs ?? 10 * 60_000,
        read: (signal) => unwrap(api.GET('/organizations/{organization}/databases/{database}/branches/{branch}', { params: { path: { organization, database, branch } }, signal })),
        progress: (b) => ({ ready: b.ready, state: b.state, branch: b }),
        done: (b) => b.ready,
      }),

    /** Polls a deploy request until `until` holds, reporting each table's progress. Default timeout 1 hour. */
    waitForDeployRequest: (organization: string, database: string, number: number, options: WaitForDeployRequestOptions = {}): Promise<DeployRequest> => {
      const until = options.until ?? settledDeploymentStates;
      const path = { organization, database, number };
      return poll({
        what: `deploy request ${organization}/${database}#${number}`,
        ...options,
        timeoutMs: options.timeoutMs ?? 60 * 60_000,
        read: (signal) => unwrap(api.GET('/organizations/{organization}/databases/{database}/deploy-requests/{number}', { params: { path }, signal })),
        progress: async (dr, signal) => ({ deployment_state: dr.deployment_state, operations: await operationsOf(dr, path, signal), deployRequest: dr }),
        done: typeof until === 'function' ? until : (dr) => until.includes(dr.deployment_state),
      });
    },
  };
}
