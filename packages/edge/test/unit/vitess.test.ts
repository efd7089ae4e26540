import { describe, expect, it } from 'vitest';
import { Lexer } from '../../src/sql/lexer.js';
import { parseGoDuration } from '../../src/vitess/duration.js';
import { parseAlterMigration, parseShow } from '../../src/vitess/statements.js';
import { checkMigrationContext, parseDdlStrategy } from '../../src/vitess/strategy.js';

const afterWords = (sql: string, n: number) => {
  const lx = new Lexer(sql);
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
    expect(() => parse('SHOW VITESS_TABLETS')).toThrow(/unsupported/);
  });
});

describe('@@ddl_strategy and @@migration_context', () => {
  it('accepts Vitess strategies and their known flags', () => {
    expect(parseDdlStrategy('vitess --postpone-completion --singleton-context')).toEqual({ strategy: 'vitess', flags: ['--postpone-completion', '--singleton-context'] });
    expect(parseDdlStrategy('').strategy).toBe('direct');
    expect(parseDdlStrategy('online -allow-concurrent --cut-over-threshold=20s "--retain-artifacts=1h"').strategy).toBe('online');
    expect(parseDdlStrategy('vitess --force-cut-over-after=1m').strategy).toBe('vitess');
  });

  it.each(['gh-ost', 'pt-osc', 'vitess --foo', 'vitess --cut-over-threshold', 'vitess --cut-over-threshold=soon', 'mysql --force-cut-over-after=1m', "vitess 'unclosed"])('refuses %s', (value) => {
    expect(() => parseDdlStrategy(value)).toThrow(`invalid DDL strategy: ${value}`);
  });

  it('checks the migration context pattern', () => {
    expect(checkMigrationContext('dr:42-a_b')).toBe('dr:42-a_b');
    expect(() => checkMigrationContext('a b')).toThrow('invalid migration_context: a b');
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('10')).toBeNull();
    expect(parseGoDuration('1d')).toBeNull();
  });
});
