import { describe, expect, it } from 'vitest';
import { cutOverThresholdSeconds, parseDdlStrategy, validateMigrationContext } from '../../src/strategy/ddl-strategy.js';
import { formatGoDuration, parseGoDuration } from '../../src/strategy/duration.js';
import { shellSplit } from '../../src/strategy/shlex.js';

describe('@@ddl_strategy', () => {
  it('parses the strategy and keeps the options verbatim', () => {
    const s = parseDdlStrategy('vitess --postpone-completion -allow-concurrent --retain-artifacts=1h');
    expect(s.strategy).toBe('vitess');
    expect(s.options).toBe('--postpone-completion -allow-concurrent --retain-artifacts=1h');
    expect([...s.flags].sort()).toEqual(['allow-concurrent', 'postpone-completion']);
    expect(s.durations['retain-artifacts']).toBe(3_600_000);
  });

  it('treats the empty string as direct', () => {
    expect(parseDdlStrategy('').strategy).toBe('direct');
    expect(parseDdlStrategy('direct').strategy).toBe('direct');
  });

  it("rejects unknown flags with Vitess's message, naming the strategy", () => {
    expect(() => parseDdlStrategy('vitess --foo')).toThrow('invalid flags for vitess strategy: --foo');
    expect(() => parseDdlStrategy('online --postpone-completion --foo --bar=1')).toThrow('invalid flags for online strategy: --foo --bar=1');
    expect(() => parseDdlStrategy('mysql --declarative x')).toThrow('invalid flags for mysql strategy: x');
  });

  it('rejects unknown and removed strategies', () => {
    expect(() => parseDdlStrategy('gh-ost')).toThrow("Unknown online DDL strategy: 'gh-ost'");
    expect(() => parseDdlStrategy('pt-osc --foo')).toThrow("Unknown online DDL strategy: 'pt-osc'");
    expect(() => parseDdlStrategy('Vitess')).toThrow("Unknown online DDL strategy: 'Vitess'");
  });

  it('only allows --force-cut-over-after with vitess/online, printing the duration as Go does', () => {
    expect(parseDdlStrategy('vitess --force-cut-over-after=90s').durations['force-cut-over-after']).toBe(90_000);
    expect(() => parseDdlStrategy('mysql --force-cut-over-after=90s')).toThrow("--force-cut-over-after is only valid in 'vitess' strategy. Found 1m30s value in 'mysql' strategy");
  });

  it('rejects durations Go cannot parse', () => {
    expect(() => parseDdlStrategy('vitess --cut-over-threshold=10')).toThrow(/invalid DDL strategy/);
  });

  it('checks the cut-over threshold range at submit (v22)', () => {
    expect(cutOverThresholdSeconds(parseDdlStrategy('vitess'))).toBe(10);
    expect(cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=20s'))).toBe(20);
    expect(() => cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=4s'))).toThrow('cut-over min value is 5s');
    expect(() => cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=1m'))).toThrow('cut-over max value is 30s');
  });

  it('validates @@migration_context', () => {
    expect(() => validateMigrationContext('release:42_a-b')).not.toThrow();
    expect(() => validateMigrationContext('')).not.toThrow();
    expect(() => validateMigrationContext("x'; drop")).toThrow("invalid migration_context: x'; drop");
  });
});

describe('Go durations', () => {
  it('parses and prints like Go', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('10')).toBeNull();
    expect(parseGoDuration('1d')).toBeNull();
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(90_000)).toBe('1m30s');
    expect(formatGoDuration(500)).toBe('500ms');
    expect(formatGoDuration(0)).toBe('0s');
  });
});

describe('shell splitting', () => {
  it('splits on whitespace and honours quotes', () => {
    expect(shellSplit(`--a  --b="x y" 'c d' e\\ f`)).toEqual(['--a', '--b=x y', 'c d', 'e f']);
    expect(() => shellSplit('"open')).toThrow();
  });
});
