// The HTTP API's connection bookkeeping without a server: the pool's cap, waiting and eviction, and
// reservations' limits, timers and tombstones.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpstreamQueryConnection } from '../../src/http/connection.js';
import { PoolTimeout, UpstreamPool } from '../../src/http/pool.js';
import { Reservations } from '../../src/http/reservations.js';

/** Stands in for an upstream connection: only what the bookkeeping touches. */
function fakeConnection(name: string): UpstreamQueryConnection & { name: string } {
  const c = { name, closed: false, lastUsed: Date.now(), close() { c.closed = true; } };
  return c as unknown as UpstreamQueryConnection & { name: string };
}

afterEach(() => { vi.useRealTimers(); });

describe('the upstream pool', () => {
  it('reuses a password\'s idle connection and opens one per concurrent request up to the cap', async () => {
    const pool = new UpstreamPool({ maxConnections: 2, maxIdlePerUser: 4, idleMs: 60_000, acquireTimeoutMs: 1_000 });
    let dialed = 0;
    const dial = async () => fakeConnection(`c${++dialed}`);
    const a = await pool.acquire('u', dial);
    pool.release('u', a);
    expect(await pool.acquire('u', dial)).toBe(a);
    const b = await pool.acquire('u', dial);
    expect(dialed).toBe(2);
    expect(pool.size).toBe(2);
    const waiting = pool.acquire('u', dial);
    pool.release('u', b);
    expect(await waiting).toBe(b);
    pool.close();
  });

  it('closes another password\'s idle connection to make room, and times a waiter out', async () => {
    const pool = new UpstreamPool({ maxConnections: 1, maxIdlePerUser: 4, idleMs: 60_000, acquireTimeoutMs: 50 });
    const first = await pool.acquire('u1', async () => fakeConnection('u1'));
    pool.release('u1', first);
    const second = await pool.acquire('u2', async () => fakeConnection('u2'));
    expect(first.closed).toBe(true);
    expect(pool.size).toBe(1);
    await expect(pool.acquire('u3', async () => fakeConnection('u3'))).rejects.toBeInstanceOf(PoolTimeout);
    pool.discard(second);
    expect(pool.size).toBe(0);
    pool.close();
  });

  it('gives back the slot of a failed dial, keeps few idle connections and closes them on request', async () => {
    const pool = new UpstreamPool({ maxConnections: 3, maxIdlePerUser: 1, idleMs: 60_000, acquireTimeoutMs: 50 });
    await expect(pool.acquire('u', async () => { throw new Error('refused'); })).rejects.toThrow('refused');
    expect(pool.size).toBe(0);
    const a = await pool.acquire('u', async () => fakeConnection('a'));
    const b = await pool.acquire('u', async () => fakeConnection('b'));
    pool.release('u', a);
    pool.release('u', b);
    expect(b.closed).toBe(true);
    expect(pool.idleCount).toBe(1);
    pool.closeUser('u');
    expect(a.closed).toBe(true);
    expect(pool.size).toBe(0);
    pool.close();
  });
});

describe('reservations', () => {
  it('are bounded, and one names its owner only', () => {
    const expired: string[] = [];
    const r = new Reservations({ max: 1, transactionTimeoutMs: 1_000, idleMs: 1_000 }, (x) => expired.push(x.id));
    const held = r.add('u', fakeConnection('a'))!;
    expect(held.id).toMatch(/^\d+$/);
    expect(r.add('u', fakeConnection('b'))).toBeNull();
    expect(r.get(held.id, 'u')).toBe(held);
    expect(r.get(held.id, 'someone-else')).toBeNull();
    expect(r.remove(held.id)).toBe(held);
    expect(r.size).toBe(0);
    expect(expired).toEqual([]);
  });

  it('end a transaction at its timeout from its start, and settings after the idle time, leaving a tombstone', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const r = new Reservations({ max: 4, transactionTimeoutMs: 20_000, idleMs: 5_000 }, (x) => expired.push(x.id));
    const tx = r.add('u', fakeConnection('tx'))!;
    tx.inTransaction = true;
    tx.transactionStartedAt = Date.now();
    r.touch(tx);
    const settings = r.add('u', fakeConnection('set'))!;
    settings.settings = true;
    r.touch(settings);
    vi.advanceTimersByTime(4_000);
    r.touch(settings);
    r.touch(tx);
    vi.advanceTimersByTime(4_000);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1_500);
    expect(expired).toEqual([settings.id]);
    expect(r.tombstone(settings.id)).toMatchObject({ reason: 'idle timeout', wasTransaction: false });
    vi.advanceTimersByTime(11_000);
    expect(expired).toEqual([settings.id, tx.id]);
    expect(r.tombstone(tx.id)).toMatchObject({ reason: 'exceeded timeout: 20s', wasTransaction: true });
    expect(r.size).toBe(0);
  });

  it('run one request at a time per reservation', async () => {
    const r = new Reservations({ max: 1, transactionTimeoutMs: 1_000, idleMs: 1_000 }, () => undefined);
    const held = r.add('u', fakeConnection('a'))!;
    const order: string[] = [];
    const slow = r.serialize(held, async () => { await new Promise((res) => setTimeout(res, 20)); order.push('first'); });
    const fast = r.serialize(held, async () => { order.push('second'); });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['first', 'second']);
    r.remove(held.id);
  });
});
