// What happens after each delivery attempt, decided purely from the attempt's number and outcome: a
// delivery is retried with growing delays until it has had `maxAttempts`; a webhook whose attempts
// keep failing that long is disabled, as PlanetScale disables webhooks that repeatedly fail. The
// dispatcher carries the decision out; times are computed from the clock it passes in.
import type { AttemptSettlement } from '@localscale/mysql';

export interface RetryPolicy {
  /** PlanetScale waits 2 s for an answer before it counts a delivery as failed. */
  readonly timeoutMs: number;
  /** Attempts per delivery, the first included. */
  readonly maxAttempts: number;
  /** The wait after failed attempt n (1-based) before attempt n + 1; the last entry repeats. */
  readonly backoffMs: readonly number[];
  /**
   * Consecutive failed attempts (across deliveries, reset by any success) after which the webhook is
   * disabled. Deliveries are made one at a time, in order, so this is reached when a delivery runs out
   * of attempts, unless that is set lower.
   */
  readonly disableAfterFailures: number;
}

/** 2 s timeout; 6 attempts over about half a minute (1, 2, 4, 8, 16 s apart); disabled after 6 failures in a row. */
export const defaultRetryPolicy: RetryPolicy = { timeoutMs: 2_000, maxAttempts: 6, backoffMs: [1_000, 2_000, 4_000, 8_000, 16_000], disableAfterFailures: 6 };

/**
 * How long a claimed attempt keeps its delivery: the timeout plus a margin for recording the outcome.
 * A LocalScale stopped during an attempt leaves it to be tried again once this has passed.
 */
export const leaseMs = (policy: RetryPolicy) => policy.timeoutMs + 3_000;

export const backoffAfter = (policy: RetryPolicy, attempt: number) =>
  policy.backoffMs[Math.min(Math.max(attempt, 1), policy.backoffMs.length) - 1] ?? 0;

export interface AttemptFacts {
  /** The number of the attempt just made (1-based). */
  readonly attempt: number;
  readonly success: boolean;
  /** The webhook's consecutive failed attempts before this one. */
  readonly consecutiveFailures: number;
}

export function settle(facts: AttemptFacts, now: Date, policy: RetryPolicy): AttemptSettlement {
  if (facts.success) return { delivery: { state: 'delivered', nextAttemptAt: null }, webhook: { consecutiveFailures: 0, disable: false } };
  const failures = facts.consecutiveFailures + 1;
  const disable = failures >= policy.disableAfterFailures;
  if (facts.attempt >= policy.maxAttempts || disable) {
    return { delivery: { state: 'failed', nextAttemptAt: null }, webhook: { consecutiveFailures: failures, disable } };
  }
  return {
    delivery: { state: 'pending', nextAttemptAt: new Date(now.getTime() + backoffAfter(policy, facts.attempt)) },
    webhook: { consecutiveFailures: failures, disable: false },
  };
}
