// Go's time.ParseDuration and Duration.String, checked against the cases Go's own tests use
// (src/time/time_test.go: parseDurationTests, parseDurationErrorTests, durationTests), plus the
// whitespace cases Vitess users hit.
import { describe, expect, it } from 'vitest';
import {
  formatGoDuration, formatGoDurationNanos, GoDurationError, parseGoDuration, parseGoDurationNanos, tryParseGoDurationNanos,
} from '../../src/strategy/duration.js';

const ns = 1n;
const us = 1_000n * ns;
const ms = 1_000n * us;
const sec = 1_000n * ms;
const min = 60n * sec;
const hour = 60n * min;
const maxDuration = (1n << 63n) - 1n;
const minDuration = -(1n << 63n);

describe('parseGoDurationNanos accepts what Go accepts', () => {
  it.each<[string, bigint]>([
    // plain
    ['0', 0n], ['5s', 5n * sec], ['30s', 30n * sec], ['1478s', 1478n * sec],
    // signs
    ['-5s', -5n * sec], ['+5s', 5n * sec], ['-0', 0n], ['+0', 0n],
    // fractions
    ['5.0s', 5n * sec], ['5.6s', 5n * sec + 600n * ms], ['5.s', 5n * sec], ['.5s', 500n * ms], ['1.0s', sec], ['1.00s', sec],
    ['1.004s', sec + 4n * ms], ['1.0040s', sec + 4n * ms], ['100.00100s', 100n * sec + ms],
    // every unit, both spellings of micro
    ['10ns', 10n * ns], ['11us', 11n * us], ['12\u00b5s', 12n * us], ['12\u03bcs', 12n * us], ['13ms', 13n * ms],
    ['14s', 14n * sec], ['15m', 15n * min], ['16h', 16n * hour],
    // several parts, in any order
    ['3h30m', 3n * hour + 30n * min], ['10.5s4m', 4n * min + 10n * sec + 500n * ms], ['-2m3.4s', -(2n * min + 3n * sec + 400n * ms)],
    ['1h2m3s4ms5us6ns', hour + 2n * min + 3n * sec + 4n * ms + 5n * us + 6n * ns], ['39h9m14.425s', 39n * hour + 9n * min + 14n * sec + 425n * ms],
    // large and exact: more than 2^53, the int64 limits
    ['52763797000ns', 52763797000n], ['9007199254740993ns', (1n << 53n) + 1n],
    ['9223372036854775807ns', maxDuration], ['9223372036854775.807us', maxDuration], ['9223372036s854ms775us807ns', maxDuration],
    ['-9223372036854775808ns', minDuration], ['-9223372036854775.808us', minDuration], ['-9223372036s854ms775us808ns', minDuration],
    ['-2562047h47m16.854775808s', minDuration],
    // long fractions: precision stops accumulating, the float64 scaling matches Go's to the nanosecond
    ['0.3333333333333333333h', 20n * min], ['0.100000000000000000000h', 6n * min],
    ['0.830103483285477580700h', 49n * min + 48n * sec + 372539827n * ns],
  ])('%j', (input, expected) => {
    expect(parseGoDurationNanos(input)).toBe(expected);
  });
});

describe('parseGoDurationNanos rejects what Go rejects, with its message', () => {
  it.each<[string, string]>([
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1.5S', 'time: unknown unit "S" in duration "1.5S"'],
    ['00', 'time: missing unit in duration "00"'],
    ['--1s', 'time: invalid duration "--1s"'],
    // No whitespace anywhere: a leading space is not a number, a trailing one is part of the unit.
    [' 10s', 'time: invalid duration " 10s"'],
    ['10s ', 'time: unknown unit "s " in duration "10s "'],
    ['1 s', 'time: unknown unit " s" in duration "1 s"'],
    ['\t1s', 'time: invalid duration "\\x091s"'],
    // Go quotes control and non-ASCII characters as the \x escapes of their UTF-8 bytes.
    ['\u0085\u0085', 'time: invalid duration "\\xc2\\x85\\xc2\\x85"'],
    ['\uFFFD', 'time: invalid duration "\\xef\\xbf\\xbd"'],
    ['\uFFFD hello \uFFFD world', 'time: invalid duration "\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world"'],
    ['1\u00a0s', 'time: unknown unit "\\xc2\\xa0s" in duration "1\\xc2\\xa0s"'],
    ['"1s"', 'time: invalid duration "\\"1s\\""'],
    // Overflow of int64 nanoseconds, in the integer part, the fraction or the sum.
    ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
    ['9223372036854776us', 'time: invalid duration "9223372036854776us"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
    ['99999999999999999999999s', 'time: invalid duration "99999999999999999999999s"'],
  ])('%j', (input, message) => {
    let caught: unknown;
    try {
      parseGoDurationNanos(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GoDurationError);
    expect((caught as GoDurationError).message).toBe(message);
    expect((caught as GoDurationError).input).toBe(input);
    expect(tryParseGoDurationNanos(input)).toBeNull();
    expect(parseGoDuration(input)).toBeNull();
  });
});

describe('parseGoDuration (milliseconds)', () => {
  it('converts exactly where milliseconds can say it', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('-1ms')).toBe(-1);
    expect(parseGoDuration('1500us')).toBe(1.5);
    expect(parseGoDuration('0')).toBe(0);
  });
});

describe('formatGoDurationNanos prints as Duration.String does', () => {
  it.each<[bigint, string]>([
    [0n, '0s'],
    [1n * ns, '1ns'],
    [1100n * ns, '1.1\u00b5s'],
    [2200n * us, '2.2ms'],
    [3300n * ms, '3.3s'],
    [4n * min + 5n * sec, '4m5s'],
    [4n * min + 5001n * ms, '4m5.001s'],
    [5n * hour + 6n * min + 7001n * ms, '5h6m7.001s'],
    [8n * min + 1n * ns, '8m0.000000001s'],
    [hour, '1h0m0s'],
    [min, '1m0s'],
    [maxDuration, '2562047h47m16.854775807s'],
  ])('%s ns', (value, text) => {
    expect(formatGoDurationNanos(value)).toBe(text);
    // Go's test also checks the negation of every positive case.
    if (value > 0n) expect(formatGoDurationNanos(-value)).toBe(`-${text}`);
  });

  it('prints the most negative duration', () => {
    expect(formatGoDurationNanos(minDuration)).toBe('-2562047h47m16.854775808s');
  });

  it('round-trips through parseGoDurationNanos, as Go checks for millisecond values', () => {
    for (const msValue of [0, 1, 999, 1000, 1001, 59_999, 61_234, 3_599_999, 3_600_000, 2_147_483_647]) {
      const value = BigInt(msValue) * ms;
      expect(parseGoDurationNanos(formatGoDurationNanos(value))).toBe(value);
    }
  });

  it('prints millisecond counts (formatGoDuration)', () => {
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(90_000)).toBe('1m30s');
    expect(formatGoDuration(500)).toBe('500ms');
    expect(formatGoDuration(1.5)).toBe('1.5ms');
    expect(formatGoDuration(-1)).toBe('-1ms');
    expect(formatGoDuration(0)).toBe('0s');
  });
});
