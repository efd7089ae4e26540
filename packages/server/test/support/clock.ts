// A clock the test moves: time stands still until `advance`, and timers set on it fire when it passes
// their deadline (the webhook dispatcher's retries, token expiry).
import type { Clock, Timer } from '@localscale/mysql';

export class ManualClock implements Clock {
  private t: number;
  private timers: { at: number; fn: () => void }[] = [];

  constructor(start = Date.now()) { this.t = start; }

  now(): Date { return new Date(this.t); }

  setTimer(delayMs: number, fn: () => void): Timer {
    const timer = { at: this.t + Math.max(0, delayMs), fn };
    if (delayMs <= 0) { setImmediate(fn); return { cancel: () => undefined }; }
    this.timers.push(timer);
    return { cancel: () => { this.timers = this.timers.filter((x) => x !== timer); } };
  }

  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const timer of due) timer.fn();
  }
}
