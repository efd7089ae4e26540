import { describe, expect, it } from 'vitest';
import { latin1Lexer } from '../../src/sql/latin1.js';
import { parseAlterMigration, parseShow } from '../../src/vitess/statements.js';
import { checkMigrationContext, isOnlineStrategy, parseDdlStrategy } from '../../src/vitess/strategy.js';

const afterWords = (sql: string, n: number) => {
  const lx = latin1Lexer(sql);
  for (let i = 0; i < n; i++) lx.next();
  return lx;
};

describe('ALTER VITESS_MIGRATION', () => {
  const parse = (sql: string) => parseAlterMigration(afterWords(sql, 2));

  it.each([
    ["ALTER VITESS_MIGRATION 'u' COMPLETE", { action: 'complete', uuid: 'u' }],
    ['ALTER VITESS_MIGRATION COMPLETE ALL', { action: 'complete', uuid: null }],
    ["alter vitess_migration 'u' cancel", { action: 'cancel', uuid: 'u' }],
    ["ALTER VITESS_MIGRATION 'u' RETRY", { action: 'retry', uuid: 'u' }],
    ["ALTER VITESS_MIGRATION 'u' LAUNCH VITESS_SHARDS '-80, 80-'", { action: 'launch', uuid: 'u', shards: ['-80', '80-'] }],
    ["ALTER VITESS_MIGRATION 'u' FORCE_CUTOVER", { action: 'force_cutover', uuid: 'u' }],
    ["ALTER VITESS_MIGRATION 'u' THROTTLE EXPIRE '90m' RATIO 0.25", { action: 'throttle', uuid: 'u', expireMs: 5_400_000, ratio: 0.25 }],
    ['ALTER VITESS_MIGRATION THROTTLE ALL', { action: 'throttle', uuid: null }],
    ['ALTER VITESS_MIGRATION UNTHROTTLE ALL', { action: 'unthrottle', uuid: null }],
    ["ALTER VITESS_MIGRATION 'u' POSTPONE COMPLETE", { action: 'postpone_complete', uuid: 'u' }],
    ["ALTER VITESS_MIGRATION 'u' CUTOVER_THRESHOLD '15s'", { action: 'cutover_threshold', uuid: 'u', threshold: '15s' }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toEqual({ kind: 'alter-migration', ...expected });
  });

  it('refuses malformed forms', () => {
    for (const sql of ['ALTER VITESS_MIGRATION RETRY ALL', "ALTER VITESS_MIGRATION 'u'", "ALTER VITESS_MIGRATION 'u' EXPLODE", 'ALTER VITESS_MIGRATION COMPLETE', "ALTER VITESS_MIGRATION 'u' COMPLETE NOW"]) {
      expect(() => parse(sql), sql).toThrow(/syntax error/);
    }
  });
});

describe('SHOW', () => {
  const parse = (sql: string) => parseShow(afterWords(sql, 1));

  it('parses the Vitess forms and leaves MySQL ones alone', () => {
    expect(parse('SHOW VITESS_MIGRATIONS')).toEqual({ kind: 'show-migrations', keyspace: null, filter: null });
    expect(parse("SHOW VITESS_MIGRATIONS IN ks LIKE 'ctx%'")).toEqual({ kind: 'show-migrations', keyspace: 'ks', filter: { like: 'ctx%' } });
    expect(parse("SHOW VITESS_MIGRATION 'u' LOGS")).toEqual({ kind: 'show-migration-logs', uuid: 'u' });
    expect(parse('SHOW SCHEMAS')).toMatchObject({ kind: 'show-keyspaces', includeSystemSchemas: true });
    expect(parse('SHOW VITESS_SHARDS')).toEqual({ kind: 'show-shards', filter: null });
    expect(parse('SHOW TABLES')).toBeNull();
    expect(() => parse('SHOW VITESS_REPLICATION_STATUS')).toThrow(/unsupported/);
  });
});

describe('@@ddl_strategy and @@migration_context', () => {
  // The parsing is @localscale/vitess's (its own table tests follow Vitess's); these check what the
  // edge adds: vtgate's SET error for any rejection, and which strategies make DDL a migration.
  it('accepts Vitess strategies and their known flags', () => {
    const s = parseDdlStrategy('vitess --postpone-completion --singleton-context');
    expect([s.strategy, [...s.flags].sort()]).toEqual(['vitess', ['postpone-completion', 'singleton-context']]);
    expect(parseDdlStrategy('').strategy).toBe('direct');
    expect(parseDdlStrategy('online -allow-concurrent --cut-over-threshold=20s "--retain-artifacts=1h"').strategy).toBe('online');
    expect(parseDdlStrategy('vitess --force-cut-over-after=1m').strategy).toBe('vitess');
  });

  it.each([
    'gh-ost', 'pt-osc', 'Vitess', ' vitess', 'vitess --foo', 'vitess --cut-over-threshold', 'vitess --cut-over-threshold=soon',
    'vitess --cut-over-threshold=10', 'vitess --cut-over-threshold= 10s', 'vitess --postpone-completion=true', 'mysql --force-cut-over-after=1m',
  ])('refuses %j with vtgate\'s SET error', (value) => {
    let caught: unknown;
    try { parseDdlStrategy(value); } catch (err) { caught = err; }
    expect(caught).toMatchObject({ errno: 1231, sqlState: '42000', message: `invalid DDL strategy: ${value}` });
  });

  it('accepts what Vitess accepts: shlex errors are ignored and the broken word dropped', () => {
    expect(parseDdlStrategy("vitess 'unclosed").flags.size).toBe(0);
    expect([...parseDdlStrategy('vitess --postpone-completion --foo\\').flags]).toEqual(['postpone-completion']);
  });

  it('turns DDL into a migration under every strategy but direct (Vitess\'s IsDirect)', () => {
    expect(['', 'direct', 'vitess', 'online', 'mysql'].map(isOnlineStrategy)).toEqual([false, false, true, true, true]);
  });

  it('checks the migration context pattern', () => {
    expect(checkMigrationContext('dr:42-a_b')).toBe('dr:42-a_b');
    expect(() => checkMigrationContext('a b')).toThrow('invalid migration_context: a b');
  });

  it('reads THROTTLE EXPIRE as a Go duration', () => {
    const parse = (sql: string) => parseAlterMigration(afterWords(sql, 2));
    expect(parse("ALTER VITESS_MIGRATION 'u' THROTTLE EXPIRE '1.5h'")).toMatchObject({ expireMs: 5_400_000 });
    // Empty means the default expiry, so none is set.
    expect(parse("ALTER VITESS_MIGRATION 'u' THROTTLE EXPIRE '' RATIO 0.5")).not.toHaveProperty('expireMs');
    for (const expire of [' 10s', '10', '1d', '-1s']) {
      expect(() => parse(`ALTER VITESS_MIGRATION 'u' THROTTLE EXPIRE '${expire}'`), expire).toThrow(`invalid EXPIRE value: ${expire}.`);
    }
  });
});
