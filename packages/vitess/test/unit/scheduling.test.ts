import { describe, expect, it } from 'vitest';
import type { SchemaMigrationRow } from '../../src/index.js';
import { decodeMigrationRow } from '../../src/index.js';
import { cutOverDecision } from '../../src/embedded/running-review.js';
import { conflicts } from '../../src/embedded/scheduler.js';
import { singletonRejection } from '../../src/embedded/submit.js';
import { parseDdlStrategy } from '../../src/strategy/ddl-strategy.js';

const row = (over: Partial<Record<keyof SchemaMigrationRow, unknown>>): SchemaMigrationRow =>
  decodeMigrationRow({ migration_uuid: 'u', migration_status: 'running', mysql_table: 't', allow_concurrent: 0, ddl_action: 'alter', ...over });

describe('cut-over backoff', () => {
  it('cuts over at once the first time, then after 1m, 5m, 10m, 30m', () => {
    const d = (attempts: number, sinceLastAttemptMs: number) => cutOverDecision({ forceIndicator: false, forceAfterMs: 0, sinceReadyMs: 0, sinceLastAttemptMs, attempts });
    expect(d(0, 0)).toEqual({ cutOver: true, force: false });
    expect(d(1, 59_000).cutOver).toBe(false);
    expect(d(1, 60_000).cutOver).toBe(true);
    expect(d(3, 599_000).cutOver).toBe(false);
    expect(d(9, 1_800_000).cutOver).toBe(true);
  });

  it('forces when asked, or once --force-cut-over-after has passed since ready', () => {
    expect(cutOverDecision({ forceIndicator: true, forceAfterMs: 0, sinceReadyMs: 0, sinceLastAttemptMs: 0, attempts: 4 })).toEqual({ cutOver: true, force: true });
    expect(cutOverDecision({ forceIndicator: false, forceAfterMs: 60_000, sinceReadyMs: 61_000, sinceLastAttemptMs: 0, attempts: 4 })).toEqual({ cutOver: true, force: true });
    expect(cutOverDecision({ forceIndicator: false, forceAfterMs: 60_000, sinceReadyMs: 1000, sinceLastAttemptMs: 0, attempts: 4 }).cutOver).toBe(false);
  });
});

describe('concurrency conflicts', () => {
  it('follows Vitess: same table always conflicts; two non-concurrent migrations conflict; one copy phase at a time', () => {
    expect(conflicts(row({ mysql_table: 'a', allow_concurrent: 1 }), row({ mysql_table: 'a', allow_concurrent: 1 }))).toBe(true);
    expect(conflicts(row({ mysql_table: 'a' }), row({ mysql_table: 'b', ddl_action: 'create' }))).toBe(true);
    expect(conflicts(row({ mysql_table: 'a' }), row({ mysql_table: 'b', ddl_action: 'create', allow_concurrent: 1 }))).toBe(false);
    expect(conflicts(row({ mysql_table: 'a', allow_concurrent: 1 }), row({ mysql_table: 'b', allow_concurrent: 1 }))).toBe(true);
    expect(conflicts(row({ mysql_table: 'a', allow_concurrent: 1, ready_to_complete_timestamp: '2024-01-01 00:00:00' }), row({ mysql_table: 'b', allow_concurrent: 1 }))).toBe(false);
  });
});

describe('singleton checks', () => {
  const pending = [row({ migration_uuid: 'p1', migration_context: 'a', mysql_table: 'x' })];
  it('words rejections as Vitess does', () => {
    expect(singletonRejection(parseDdlStrategy('vitess --singleton'), 'b', 'y', pending)).toBe('singleton migration rejected: found pending migrations [sample: p1]');
    expect(singletonRejection(parseDdlStrategy('vitess --singleton'), 'b', 'y', [])).toBeNull();
    expect(singletonRejection(parseDdlStrategy('vitess --singleton-context'), 'b', 'y', pending)).toBe('singleton-context migration rejected: found pending migration: p1 in different context: a');
    expect(singletonRejection(parseDdlStrategy('vitess --singleton-context'), 'a', 'y', pending)).toBeNull();
    expect(singletonRejection(parseDdlStrategy('vitess --singleton-table'), 'b', 'x', pending)).toBe('singleton-table migration rejected: found pending migration: p1 for the same table: x');
    expect(singletonRejection(parseDdlStrategy('vitess'), 'b', 'x', pending)).toBeNull();
  });

  it('lets --singleton-context pass a pending REVERT without the flag', () => {
    const revert = [row({ migration_uuid: 'r1', migration_context: 'a', reverted_uuid: 'x', strategy: 'online', options: '' })];
    expect(singletonRejection(parseDdlStrategy('vitess --singleton-context'), 'b', 'y', revert)).toBeNull();
    const strict = [row({ migration_uuid: 'r1', migration_context: 'a', reverted_uuid: 'x', strategy: 'online', options: '--singleton-context' })];
    expect(singletonRejection(parseDdlStrategy('vitess --singleton-context'), 'b', 'y', strict)).not.toBeNull();
  });
});

describe('row decoding', () => {
  it('reads a v19 row (57 columns) with the newer columns as null and numbers normalised', () => {
    const r = decodeMigrationRow({ id: '7', migration_uuid: 'u', migration_status: 'complete', progress: '100', ready_to_complete: Buffer.from('1'), completed_timestamp: new Date('2024-01-02T03:04:05.000Z') });
    expect(r).toMatchObject({ id: 7, progress: 100, ready_to_complete: 1, completed_timestamp: '2024-01-02 03:04:05', message_timestamp: null, cutover_threshold_seconds: null, reason_throttled: null, message: '' });
    expect(() => decodeMigrationRow({ migration_status: 'weird' })).toThrow(/unknown migration_status/);
  });
});

describe('column sets', () => {
  it('decodes rows of every Vitess column set (57, 59, 62 columns)', async () => {
    const { columnsOf } = await import('../../src/index.js');
    for (const [version, count] of [['v19', 57], ['v21', 59], ['v22', 62]] as const) {
      const cols = columnsOf(version);
      expect(cols).toHaveLength(count);
      const record = Object.fromEntries(cols.map((c) => [c, c === 'migration_status' ? 'running' : c.endsWith('_timestamp') ? '2024-01-01 00:00:00' : '1']));
      const decoded = decodeMigrationRow(record);
      expect(decoded.migration_status).toBe('running');
      expect(decoded.cutover_threshold_seconds).toBe(version === 'v22' ? 1 : null);
      expect(decoded.message_timestamp).toBe(version === 'v19' ? null : '2024-01-01 00:00:00');
    }
  });
});
