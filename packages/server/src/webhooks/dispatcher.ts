// Makes the deliveries the outbox holds: for each enabled webhook its oldest pending delivery, once it
// is due, one at a time per webhook (so a receiver sees a webhook's events in order), several webhooks
// at once. An attempt is claimed in the metadata before the request goes out, so a LocalScale stopped
// mid-delivery makes it again after a restart (at least once); the outcome and what follows (policy.ts)
// are recorded in one transaction. Woken when deliveries are queued; otherwise it sleeps on the clock
// until the next retry is due, and looks every `pollMs` for deliveries other processes queued.
import { webhooks, type AttemptOutcome, type Clock, type DeliveryRecord, type Pool, type Timer } from '@localscale/mysql';
import type { Logger } from '../logging.js';
import { version } from '../version.js';
import { signatureHeader, signBody } from './payload.js';
import { leaseMs, settle, type RetryPolicy } from './policy.js';

/** One HTTP attempt: the receiver's status, or why there was none. Real time, not the clock's: a socket does not wait on it. */
export type SendResult = { readonly status: number; readonly statusText: string } | { readonly error: string };
export type Sender = (url: string, body: string, headers: Record<string, string>, timeoutMs: number) => Promise<SendResult>;

export const fetchSender: Sender = async (url, body, headers, timeoutMs) => {
  try {
    // PlanetScale does not follow redirects: a 3xx is the answer.
    const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status, statusText: res.statusText };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { error: `timed out after ${timeoutMs} ms` };
    return { error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
};

export interface DispatcherOptions {
  pool: Pool;
  clock: Clock;
  log: Logger;
  policy: RetryPolicy;
  send?: Sender;
  /** Webhooks served at once. */
  concurrency?: number;
  /** How often to look for deliveries nobody woke this dispatcher for (another process queued them). */
  pollMs?: number;
}

export class WebhookDispatcher {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private timer: Timer | undefined;
  private readonly send: Sender;

  constructor(private readonly options: DispatcherOptions) {
    this.send = options.send ?? fetchSender;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    while (this.running) await this.running;
  }

  /** Look now; passes never overlap, a wake during one runs another after it. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    this.timer?.cancel();
    this.running = this.pass().then((nextDue) => this.sleepUntil(nextDue), (err: unknown) => {
      this.options.log.warn('webhook dispatch failed; will retry', { error: err instanceof Error ? err.message : String(err) });
      this.sleepUntil(null);
    }).finally(() => {
      this.running = undefined;
      if (this.again) { this.again = false; this.wake(); }
    });
  }

  /** Resolves once nothing is due (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private sleepUntil(nextDue: Date | null): void {
    if (this.stopped) return;
    const pollMs = this.options.pollMs ?? 5_000;
    const wait = nextDue === null ? pollMs : Math.min(pollMs, Math.max(0, nextDue.getTime() - this.options.clock.now().getTime()));
    this.timer?.cancel();
    this.timer = this.options.clock.setTimer(wait, () => this.wake());
  }

  /** Makes every due delivery; returns when the next one not yet due will be. */
  private async pass(): Promise<Date | null> {
    const { pool, clock } = this.options;
    const concurrency = this.options.concurrency ?? 8;
    for (;;) {
      const heads = await webhooks.nextDeliveries(pool, 256);
      const now = clock.now();
      const due = heads.filter((d) => Date.parse(d.nextAttemptAt) <= now.getTime());
      if (!due.length || this.stopped) {
        const later = heads.map((d) => Date.parse(d.nextAttemptAt)).filter((t) => t > now.getTime());
        return later.length ? new Date(Math.min(...later)) : null;
      }
      let failed = false;
      for (let i = 0; i < due.length; i += concurrency) {
        await Promise.all(due.slice(i, i + concurrency).map((d) => this.attempt(d).catch((err: unknown) => {
          failed = true;
          this.options.log.warn('webhook delivery attempt failed to run', { delivery: d.id, error: err instanceof Error ? err.message : String(err) });
        })));
      }
      // The metadata store misbehaves (the attempt could not even be recorded): look again later, not in a loop.
      if (failed) return null;
    }
  }

  private async attempt(d: DeliveryRecord): Promise<void> {
    const { pool, clock, policy, log } = this.options;
    const webhook = await webhooks.findWebhookById(pool, d.webhookId);
    if (!webhook?.enabled) return;
    const started = clock.now();
    if (!await webhooks.claimDelivery(pool, d, started, new Date(started.getTime() + leaseMs(policy)))) return;
    const attempt = d.attempts + 1;
    const headers = {
      'content-type': 'application/json', 'user-agent': `LocalScale-Webhooks/${version}`, [signatureHeader]: signBody(d.body, webhook.secret),
    };
    const t0 = performance.now();
    const result = await this.send(webhook.url, d.body, headers, policy.timeoutMs);
    const durationMs = performance.now() - t0;
    const outcome: AttemptOutcome = 'status' in result
      ? { durationMs, httpStatus: result.status, success: result.status >= 200 && result.status < 300, error: null, summary: `${result.status} ${result.statusText}`.trim() }
      : { durationMs, httpStatus: null, success: false, error: result.error, summary: `error: ${result.error}` };
    if (!outcome.success && outcome.error === null) outcome.error = `the receiver answered ${outcome.summary}`;
    const now = clock.now();
    const settlement = settle({ attempt, success: outcome.success, consecutiveFailures: webhook.consecutiveFailures }, now, policy);
    await webhooks.settleAttempt(pool, d, attempt, outcome, settlement, now);
    log.debug('webhook delivery attempt', { delivery: d.id, webhook: webhook.id, event: d.event, attempt, result: outcome.summary, state: settlement.delivery.state });
    if (settlement.webhook.disable) log.warn('webhook disabled after repeated failures', { webhook: webhook.id, url: webhook.url, result: outcome.summary });
  }
}
