// Upstream connections for HTTP requests, per password (each password has its own MySQL account): a
// request borrows an idle connection of its password or opens one, and gives it back afterwards. The
// total is capped (a session's reserved connection counts too); past the cap a request waits for one,
// closing another password's idle connection if that makes room, and gives up after a while with
// vttablet's pool-timeout error. Idle connections close after a while.
import type { UpstreamQueryConnection } from './connection.js';

export interface PoolLimits {
  /** Upstream connections open at once for HTTP, reserved ones included. */
  maxConnections: number;
  /** Idle connections kept per password. */
  maxIdlePerUser: number;
  /** An idle connection is closed after this long. */
  idleMs: number;
  /** How long a request waits for a connection when the pool is full. */
  acquireTimeoutMs: number;
}

export class PoolTimeout extends Error {
  constructor() {
    super('resource pool timed out');
    this.name = 'PoolTimeout';
  }
}

interface Waiter {
  username: string;
  resolve(grant: UpstreamQueryConnection | 'dial'): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class UpstreamPool {
  private readonly idle = new Map<string, UpstreamQueryConnection[]>();
  private readonly waiters: Waiter[] = [];
  private open = 0;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly limits: PoolLimits) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(100, Math.min(limits.idleMs / 2, 5_000)));
    this.sweeper.unref();
  }

  /** Connections open (idle, in use or reserved). */
  get size(): number { return this.open; }

  get idleCount(): number {
    let n = 0;
    for (const list of this.idle.values()) n += list.length;
    return n;
  }

  /** An idle connection of this password, or a new one from `dial` once the cap allows. */
  async acquire(username: string, dial: () => Promise<UpstreamQueryConnection>): Promise<UpstreamQueryConnection> {
    if (this.closed) throw new Error('the HTTP API is closing');
    const reused = this.takeIdle(username);
    if (reused) return reused;
    if (this.open >= this.limits.maxConnections && !this.evictOther(username)) {
      const grant = await new Promise<UpstreamQueryConnection | 'dial'>((resolve, reject) => {
        const waiter: Waiter = {
          username, resolve, reject,
          timer: setTimeout(() => {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            reject(new PoolTimeout());
          }, this.limits.acquireTimeoutMs),
        };
        this.waiters.push(waiter);
      });
      if (grant !== 'dial') return grant;
    } else {
      this.open += 1;
    }
    try {
      return await dial();
    } catch (err) {
      this.open -= 1;
      this.pump();
      throw err;
    }
  }

  /** Gives a healthy connection back. */
  release(username: string, conn: UpstreamQueryConnection): void {
    if (conn.closed || this.closed) return this.discard(conn);
    const list = this.idle.get(username) ?? [];
    if (list.length >= this.limits.maxIdlePerUser) return this.discard(conn);
    conn.lastUsed = Date.now();
    list.push(conn);
    this.idle.set(username, list);
    this.pump();
  }

  /** Closes a connection that came from this pool and frees its slot. */
  discard(conn: UpstreamQueryConnection): void {
    this.drop(conn);
    this.pump();
  }

  private drop(conn: UpstreamQueryConnection): void {
    conn.close();
    this.open -= 1;
  }

  /** Closes a password's idle connections (its password was deleted). */
  closeUser(username: string): void {
    const list = this.idle.get(username) ?? [];
    this.idle.delete(username);
    for (const c of list) this.discard(c);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new Error('the HTTP API is closing'));
    }
    for (const user of [...this.idle.keys()]) this.closeUser(user);
  }

  private takeIdle(username: string): UpstreamQueryConnection | null {
    const list = this.idle.get(username);
    while (list && list.length) {
      const c = list.pop()!;
      if (!c.closed) return c;
      this.drop(c);
    }
    return null;
  }

  /** Closes another password's idle connection to make room; true when it did. */
  private evictOther(username: string): boolean {
    for (const [user, list] of this.idle) {
      if (user === username || !list.length) continue;
      this.drop(list.shift()!);
      if (!list.length) this.idle.delete(user);
      return true;
    }
    return false;
  }

  /** Hands freed room to waiting requests, oldest first. */
  private pump(): void {
    while (this.waiters.length) {
      const w = this.waiters[0]!;
      const reused = this.takeIdle(w.username);
      if (reused) {
        this.grant(w, reused);
        continue;
      }
      if (this.open < this.limits.maxConnections || this.evictOther(w.username)) {
        this.open += 1;
        this.grant(w, 'dial');
        continue;
      }
      return;
    }
  }

  private grant(w: Waiter, grant: UpstreamQueryConnection | 'dial'): void {
    this.waiters.shift();
    clearTimeout(w.timer);
    w.resolve(grant);
  }

  private sweep(): void {
    const deadline = Date.now() - this.limits.idleMs;
    for (const [user, list] of this.idle) {
      const keep = list.filter((c) => !c.closed && c.lastUsed > deadline);
      for (const c of list) if (!keep.includes(c)) this.discard(c);
      if (keep.length) this.idle.set(user, keep);
      else this.idle.delete(user);
    }
  }
}
