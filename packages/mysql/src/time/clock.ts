// The one source of time for what LocalScale schedules: webhook retries and backoff, service-token
// expiry, the deploy processor's clock. It lives in the lowest package so every layer can take one;
// the server makes a single instance and hands it down. Tests (and, later, /admin/clock) substitute a
// clock they control: a timer set on it fires when *its* time reaches the deadline, not the wall's.
export interface Timer {
  /** Stops the timer; harmless after it fired. */
  cancel(): void;
}

export interface Clock {
  now(): Date;
  /**
   * Calls `fn` once, `delayMs` from now on this clock. Timers never keep the process alive: a pending
   * retry must not stop LocalScale from exiting.
   */
  setTimer(delayMs: number, fn: () => void): Timer;
}

/** The machine's clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(delayMs, fn) {
    const handle = setTimeout(fn, Math.max(0, delayMs));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};
