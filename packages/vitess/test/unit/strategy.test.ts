// `@@ddl_strategy` parsing against Vitess v22's schema.ParseDDLStrategy: the cases of its
// ddl_strategy_test.go (TestParseDDLStrategy, TestIsCutOverThresholdFlag, TestIsExpireArtifactsFlag),
// then the consequences of its regexp, shlex and strconv.Unquote steps that those tests leave implicit.
import { describe, expect, it } from 'vitest';
import { VitessError } from '../../src/port/errors.js';
import {
  cutOverThresholdSeconds, hasFlag, isDirectStrategy, isOnlineStrategy, parseDdlStrategy, validateMigrationContext,
  type BooleanFlag, type DdlStrategyName, type DurationFlag,
} from '../../src/strategy/ddl-strategy.js';
import { goUnquote } from '../../src/strategy/go-unquote.js';

interface Expected {
  strategy: DdlStrategyName;
  options?: string;
  flags?: BooleanFlag[];
  durations?: Partial<Record<DurationFlag, number>>;
}

const parsed = (value: string) => {
  const s = parseDdlStrategy(value);
  return { strategy: s.strategy, options: s.options, flags: [...s.flags].sort(), durations: s.durations };
};

const failure = (value: string): VitessError => {
  try {
    parseDdlStrategy(value);
  } catch (err) {
    if (err instanceof VitessError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
};

describe('parseDdlStrategy accepts', () => {
  it.each<[string, Expected]>([
    // Vitess's TestParseDDLStrategy
    ['direct', { strategy: 'direct' }],
    ['vitess', { strategy: 'vitess' }],
    ['online', { strategy: 'online' }],
    ['mysql', { strategy: 'mysql' }],
    ['', { strategy: 'direct' }],
    ['vitess -singleton', { strategy: 'vitess', options: '-singleton', flags: ['singleton'] }],
    ['vitess --singleton --declarative', { strategy: 'vitess', options: '--singleton --declarative', flags: ['declarative', 'singleton'] }],
    ['vitess --singleton-context', { strategy: 'vitess', options: '--singleton-context', flags: ['singleton-context'] }],
    ['vitess --singleton-table', { strategy: 'vitess', options: '--singleton-table', flags: ['singleton-table'] }],
    ['online -postpone-launch', { strategy: 'online', options: '-postpone-launch', flags: ['postpone-launch'] }],
    ['online -postpone-completion', { strategy: 'online', options: '-postpone-completion', flags: ['postpone-completion'] }],
    ['online --in-order-completion', { strategy: 'online', options: '--in-order-completion', flags: ['in-order-completion'] }],
    ['online -allow-concurrent', { strategy: 'online', options: '-allow-concurrent', flags: ['allow-concurrent'] }],
    ['vitess -allow-concurrent', { strategy: 'vitess', options: '-allow-concurrent', flags: ['allow-concurrent'] }],
    ['vitess --prefer-instant-ddl', { strategy: 'vitess', options: '--prefer-instant-ddl', flags: ['prefer-instant-ddl'] }],
    ['vitess --fast-range-rotation', { strategy: 'vitess', options: '--fast-range-rotation', flags: ['fast-range-rotation'] }],
    ['vitess --unsafe-allow-foreign-keys', { strategy: 'vitess', options: '--unsafe-allow-foreign-keys', flags: ['unsafe-allow-foreign-keys'] }],
    ['vitess --cut-over-threshold=5m', { strategy: 'vitess', options: '--cut-over-threshold=5m', durations: { 'cut-over-threshold': 300_000 } }],
    ['vitess --force-cut-over-after=3m', { strategy: 'vitess', options: '--force-cut-over-after=3m', durations: { 'force-cut-over-after': 180_000 } }],
    ['vitess --force-cut-over-after=-1ms', { strategy: 'vitess', options: '--force-cut-over-after=-1ms', durations: { 'force-cut-over-after': -1 } }],
    ['vitess --retain-artifacts=4m', { strategy: 'vitess', options: '--retain-artifacts=4m', durations: { 'retain-artifacts': 240_000 } }],
    ['vitess --analyze-table', { strategy: 'vitess', options: '--analyze-table', flags: ['analyze-table'] }],
    // Vitess's TestIsCutOverThresholdFlag and TestIsExpireArtifactsFlag: an empty value means "not set".
    ['online --cut-over-threshold=', { strategy: 'online', options: '--cut-over-threshold=' }],
    ['online --cut-over-threshold=0', { strategy: 'online', options: '--cut-over-threshold=0', durations: { 'cut-over-threshold': 0 } }],
    ['online -cut-over-threshold=0', { strategy: 'online', options: '-cut-over-threshold=0', durations: { 'cut-over-threshold': 0 } }],
    ['online --cut-over-threshold=1m', { strategy: 'online', options: '--cut-over-threshold=1m', durations: { 'cut-over-threshold': 60_000 } }],
    ['online --cut-over-threshold="1m"', { strategy: 'online', options: '--cut-over-threshold="1m"', durations: { 'cut-over-threshold': 60_000 } }],
    ['online --retain-artifacts=', { strategy: 'online', options: '--retain-artifacts=' }],
    ['online -retain-artifacts=0', { strategy: 'online', options: '-retain-artifacts=0', durations: { 'retain-artifacts': 0 } }],
    ['online --retain-artifacts="1m"', { strategy: 'online', options: '--retain-artifacts="1m"', durations: { 'retain-artifacts': 60_000 } }],
    // The legacy flags Vitess still accepts.
    ['vitess --skip-topo --vreplication-test-suite --allow-zero-in-date', { strategy: 'vitess', options: '--skip-topo --vreplication-test-suite --allow-zero-in-date', flags: ['allow-zero-in-date', 'skip-topo', 'vreplication-test-suite'] }],
    // The name/options regexp: Go's \s is space, tab, LF, FF or CR; options are kept verbatim.
    ['vitess ', { strategy: 'vitess', options: '' }],
    ['vitess\t--singleton', { strategy: 'vitess', options: '--singleton', flags: ['singleton'] }],
    ['vitess\n--singleton', { strategy: 'vitess', options: '--singleton', flags: ['singleton'] }],
    ['vitess\f--singleton', { strategy: 'vitess', options: '--singleton', flags: ['singleton'] }],
    ['vitess  --singleton ', { strategy: 'vitess', options: '--singleton ', flags: ['singleton'] }],
    ['mysql\r--declarative', { strategy: 'mysql', options: '--declarative', flags: ['declarative'] }],
    // shlex: quotes and escapes are removed, `#` comments dropped, and its errors ignored (the broken word is lost).
    ['vitess "--postpone-completion" \'--singleton\'', { strategy: 'vitess', options: '"--postpone-completion" \'--singleton\'', flags: ['postpone-completion', 'singleton'] }],
    ['vitess --postpone-completion # --foo', { strategy: 'vitess', options: '--postpone-completion # --foo', flags: ['postpone-completion'] }],
    ["vitess 'unclosed", { strategy: 'vitess', options: "'unclosed" }],
    ['vitess --postpone-completion "--foo', { strategy: 'vitess', options: '--postpone-completion "--foo', flags: ['postpone-completion'] }],
    ['vitess --postpone-completion --foo\\', { strategy: 'vitess', options: '--postpone-completion --foo\\', flags: ['postpone-completion'] }],
    // A quoted Go literal as a duration value (it has to survive shlex to reach strconv.Unquote).
    ['vitess \'--cut-over-threshold="20s"\'', { strategy: 'vitess', options: '\'--cut-over-threshold="20s"\'', durations: { 'cut-over-threshold': 20_000 } }],
    ['vitess --cut-over-threshold=\\"20s\\"', { strategy: 'vitess', options: '--cut-over-threshold=\\"20s\\"', durations: { 'cut-over-threshold': 20_000 } }],
    ["vitess '--retain-artifacts=`2h`'", { strategy: 'vitess', options: "'--retain-artifacts=`2h`'", durations: { 'retain-artifacts': 7_200_000 } }],
    ['vitess \'--retain-artifacts="\\x31h"\'', { strategy: 'vitess', options: '\'--retain-artifacts="\\x31h"\'', durations: { 'retain-artifacts': 3_600_000 } }],
    // A repeated duration flag: the last occurrence with a value decides, errors of earlier ones included.
    ['vitess --cut-over-threshold=bad --cut-over-threshold=10s', { strategy: 'vitess', options: '--cut-over-threshold=bad --cut-over-threshold=10s', durations: { 'cut-over-threshold': 10_000 } }],
    ['vitess --cut-over-threshold=20s --cut-over-threshold=', { strategy: 'vitess', options: '--cut-over-threshold=20s --cut-over-threshold=', durations: { 'cut-over-threshold': 20_000 } }],
    // --force-cut-over-after of 0 (or empty) is allowed in any strategy.
    ['mysql --force-cut-over-after=0', { strategy: 'mysql', options: '--force-cut-over-after=0', durations: { 'force-cut-over-after': 0 } }],
    ['direct --force-cut-over-after=', { strategy: 'direct', options: '--force-cut-over-after=' }],
  ])('%j', (value, expected) => {
    expect(parsed(value)).toEqual({ options: '', flags: [], durations: {}, ...expected });
  });
});

describe('parseDdlStrategy rejects, with Vitess\'s message', () => {
  it.each<[string, string]>([
    // Vitess's tests
    ['online something', 'invalid flags for online strategy: something'],
    ['online -cut-over-threshold', 'invalid flags for online strategy: -cut-over-threshold'],
    ['online --cut-over-threshold', 'invalid flags for online strategy: --cut-over-threshold'],
    ['online --retain-artifacts', 'invalid flags for online strategy: --retain-artifacts'],
    ['vitess --force-cut-over-after=r3m', 'time: invalid duration "r3m"'],
    ['mysql --force-cut-over-after=3m', "--force-cut-over-after is only valid in 'vitess' strategy. Found 3m0s value in 'mysql' strategy"],
    ['vitess --alow-concrrnt', 'invalid flags for vitess strategy: --alow-concrrnt'],
    ['vitess --declarative --max-load=Threads_running=100', 'invalid flags for vitess strategy: --max-load=Threads_running=100'],
    ['other', "Unknown online DDL strategy: 'other'"],
    ['online --cut-over-threshold=X', 'time: invalid duration "X"'],
    ['online --cut-over-threshold=3', 'time: missing unit in duration "3"'],
    ['online --retain-artifacts=3', 'time: missing unit in duration "3"'],
    // Removed in v22, and names are case-sensitive.
    ['gh-ost', "Unknown online DDL strategy: 'gh-ost'"],
    ['pt-osc --foo', "Unknown online DDL strategy: 'pt-osc'"],
    ['Vitess', "Unknown online DDL strategy: 'Vitess'"],
    // Nothing is trimmed, a no-break space or vertical tab does not separate, and the options may not span lines.
    [' vitess', "Unknown online DDL strategy: ' vitess'"],
    ['vitess\u00a0--singleton', "Unknown online DDL strategy: 'vitess\u00a0--singleton'"],
    ['vitess\v--singleton', "Unknown online DDL strategy: 'vitess\v--singleton'"],
    ['vitess --singleton\n--declarative', "Unknown online DDL strategy: 'vitess --singleton\n--declarative'"],
    // Boolean flags are exact words: no value, one or two dashes.
    ['vitess --postpone-completion=true', 'invalid flags for vitess strategy: --postpone-completion=true'],
    ['vitess ---singleton', 'invalid flags for vitess strategy: ---singleton'],
    ['vitess -- --singleton', 'invalid flags for vitess strategy: --'],
    ['mysql --declarative x', 'invalid flags for mysql strategy: x'],
    ['online --postpone-completion --foo --bar=1', 'invalid flags for online strategy: --foo --bar=1'],
    ['direct --singleton --x', 'invalid flags for direct strategy: --x'],
    // Duration values follow Go: no spaces, a unit, no bad quoting.
    ['vitess --cut-over-threshold=10', 'time: missing unit in duration "10"'],
    ['vitess "--cut-over-threshold= 10s"', 'time: invalid duration " 10s"'],
    ['vitess \'--cut-over-threshold="1m\'', 'time: invalid duration "\\"1m"'],
    ['vitess --cut-over-threshold=10s --cut-over-threshold=bad', 'time: invalid duration "bad"'],
    ['mysql --force-cut-over-after=90s', "--force-cut-over-after is only valid in 'vitess' strategy. Found 1m30s value in 'mysql' strategy"],
    ['direct --force-cut-over-after=-1ms', "--force-cut-over-after is only valid in 'vitess' strategy. Found -1ms value in 'direct' strategy"],
    // The order Vitess checks in: name, cut-over threshold, retained artifacts, forced cut-over, then the flags.
    ['gh-ost --cut-over-threshold=x', "Unknown online DDL strategy: 'gh-ost'"],
    ['vitess --foo --retain-artifacts=1m --cut-over-threshold=x', 'time: invalid duration "x"'],
    ['vitess --force-cut-over-after=x --retain-artifacts=y', 'time: invalid duration "y"'],
    ['mysql --foo --force-cut-over-after=1m', "--force-cut-over-after is only valid in 'vitess' strategy. Found 1m0s value in 'mysql' strategy"],
  ])('%j', (value, message) => {
    const err = failure(value);
    expect(err.message).toBe(message);
    expect(err.errno).toBe(1231);
  });
});

describe('strategy helpers', () => {
  it('tells direct from managed strategies as Vitess does (mysql is managed, not online)', () => {
    const names: DdlStrategyName[] = ['direct', 'vitess', 'online', 'mysql'];
    expect(names.map(isDirectStrategy)).toEqual([true, false, false, false]);
    expect(names.map(isOnlineStrategy)).toEqual([false, true, true, false]);
    expect(hasFlag(parseDdlStrategy('vitess --postpone-launch'), 'postpone-launch')).toBe(true);
    expect(hasFlag(parseDdlStrategy('vitess --postpone-launch'), 'postpone-completion')).toBe(false);
  });

  it('checks the cut-over threshold range at submit (v22)', () => {
    expect(cutOverThresholdSeconds(parseDdlStrategy('vitess'))).toBe(10);
    expect(cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=0'))).toBe(10);
    expect(cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=20s'))).toBe(20);
    expect(cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=5.9s'))).toBe(5);
    expect(() => cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=4s'))).toThrow('cut-over min value is 5s');
    expect(() => cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=-10s'))).toThrow('cut-over min value is 5s');
    expect(() => cutOverThresholdSeconds(parseDdlStrategy('vitess --cut-over-threshold=1m'))).toThrow('cut-over max value is 30s');
  });

  it('validates @@migration_context', () => {
    expect(() => validateMigrationContext('release:42_a-b')).not.toThrow();
    expect(() => validateMigrationContext('')).not.toThrow();
    expect(() => validateMigrationContext("x'; drop")).toThrow("invalid migration_context: x'; drop");
    expect(() => validateMigrationContext('caf\u00e9')).toThrow('invalid migration_context');
  });
});

describe('goUnquote (strconv.Unquote)', () => {
  it.each<[string, string | null]>([
    ['"1m"', '1m'],
    ['`1m`', '1m'],
    ['`a\r\nb`', 'a\nb'],
    ["'x'", 'x'],
    ["'xy'", null],
    ["''", null],
    ['"a\\tb"', 'a\tb'],
    ['"\\x31\\061\\u0031\\U00000031"', '1111'],
    ['"\\u00b5s"', '\u00b5s'],
    ['"\\xc2\\xb5"', '\u00b5'],
    ['"\\\'"', null],
    ["'\\\"'", null],
    ["'\\''", "'"],
    ['"a"b"', null],
    ['"a\nb"', null],
    ['"\\q"', null],
    ['"\\400"', null],
    ['"\\uD800"', null],
    ['"1m', null],
    ['1m', null],
    ['"', null],
    ['``', ''],
    ['""', ''],
  ])('%j', (input, expected) => {
    expect(goUnquote(input)).toBe(expected);
  });
});
