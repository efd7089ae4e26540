// Connections held for one HTTP session between requests: an open transaction, or settings the session
// made (see connection-state.ts). They are bounded like PlanetScale's transaction pool: at most
// `max` at once, a transaction is killed `transactionTimeoutMs` after it began (PlanetScale's
// per-transaction timeout, 20 s), and settings are dropped after `idleMs` without a request. A killed
// reservation leaves a tombstone, so the session's next request learns why its transaction ended.
import { randomBytes } from 'node:crypto';
import type { UpstreamQueryConnection } from './connection.js';

export interface ReservationLimits {
  max: number;
  transactionTimeoutMs: number;
  idleMs: number;
}

export interface Reservation {
  readonly id: string;
  readonly username: string;
  readonly conn: UpstreamQueryConnection;
  inTransaction: boolean;
  /** The session made lasting settings on the connection. */
  settings: boolean;
  /** SET TRANSACTION applies to the session's next transaction. */
  nextTransaction: boolean;
  transactionStartedAt: number | null;
}

export interface Tombstone { endedAt: Date; reason: string; wasTransaction: boolean }

interface Entry { reservation: Reservation; timer: NodeJS.Timeout | null; queue: Promise<unknown> }

const maxTombstones = 1024;

/** A decimal id like Vitess's transaction ids (positive int64), unguessable. */
const newId = () => (randomBytes(8).readBigUInt64BE(0) >> 1n).toString();

export class Reservations {
  private readonly entries = new Map<string, Entry>();
  private readonly tombstones = new Map<string, Tombstone>();

  /** `expire` closes a reservation's connection when a limit ends it. */
  constructor(private readonly limits: ReservationLimits, private readonly expire: (r: Reservation) => void) {}

  get size(): number { return this.entries.size; }

  /** Holds `conn` for a session; null when the pool of reservations is full. */
  add(username: string, conn: UpstreamQueryConnection): Reservation | null {
    if (this.entries.size >= this.limits.max) return null;
    const reservation: Reservation = {
      id: newId(), username, conn, inTransaction: false, settings: false, nextTransaction: false, transactionStartedAt: null,
    };
    this.entries.set(reservation.id, { reservation, timer: null, queue: Promise.resolve() });
    return reservation;
  }

  /** The reservation a session names, if it is this password's. */
  get(id: string, username: string): Reservation | null {
    const e = this.entries.get(id);
    return e && e.reservation.username === username ? e.reservation : null;
  }

  tombstone(id: string): Tombstone | null {
    return this.tombstones.get(id) ?? null;
  }

  /** Runs `work` when the reservation's earlier requests are done (one statement at a time per connection). */
  serialize<T>(r: Reservation, work: () => Promise<T>): Promise<T> {
    const e = this.entries.get(r.id);
    if (!e) return work();
    const run = e.queue.then(work, work);
    e.queue = run.catch(() => undefined);
    return run;
  }

  /** Re-arms the limit that applies now (after each statement). */
  touch(r: Reservation): void {
    const e = this.entries.get(r.id);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    const now = Date.now();
    const due = r.inTransaction
      ? (r.transactionStartedAt ?? now) + this.limits.transactionTimeoutMs - now
      : this.limits.idleMs;
    const reason = r.inTransaction ? `exceeded timeout: ${formatDuration(this.limits.transactionTimeoutMs)}` : 'idle timeout';
    e.timer = setTimeout(() => this.end(r.id, reason), Math.max(0, due));
    e.timer.unref();
  }

  /** Ends a reservation; returns it (its connection is the caller's to keep or close). */
  remove(id: string): Reservation | null {
    const e = this.entries.get(id);
    if (!e) return null;
    if (e.timer) clearTimeout(e.timer);
    this.entries.delete(id);
    return e.reservation;
  }

  /** Ends a reservation for a reason the session will be told, closing its connection. */
  end(id: string, reason: string): void {
    const r = this.remove(id);
    if (!r) return;
    if (this.tombstones.size >= maxTombstones) this.tombstones.delete(this.tombstones.keys().next().value!);
    this.tombstones.set(id, { endedAt: new Date(), reason, wasTransaction: r.inTransaction });
    this.expire(r);
  }

  forUser(username: string): Reservation[] {
    return [...this.entries.values()].map((e) => e.reservation).filter((r) => r.username === username);
  }

  all(): Reservation[] {
    return [...this.entries.values()].map((e) => e.reservation);
  }
}

function formatDuration(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
