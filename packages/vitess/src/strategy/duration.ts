// Go's time.ParseDuration and Duration.String, the one implementation in LocalScale. Vitess reads
// every duration a client gives it with these (`--cut-over-threshold=20s`, `--force-cut-over-after=1m30s`,
// `ALTER VITESS_MIGRATION ... THROTTLE EXPIRE '90m'`) and prints them back with Duration.String, so
// accepting what Go accepts, rejecting what it rejects and wording the errors its way keeps LocalScale's
// answers identical to vtgate's. Go counts in int64 nanoseconds; BigInt keeps that exact here, and the
// millisecond helpers are for callers that schedule with JavaScript timers.

/** A string Go's time.ParseDuration rejects; the message is Go's, word for word. */
export class GoDurationError extends Error {
  constructor(message: string, readonly input: string) {
    super(message);
    this.name = 'GoDurationError';
  }
}

const nanosPerUnit: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

/** 2^63: one past the largest positive Duration, and the magnitude of the most negative one. */
const twoTo63 = 1n << 63n;
const maxDuration = twoTo63 - 1n;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Go's quoting of the input in ParseDuration's errors: `"` and `\` get a backslash, control and
 * non-ASCII characters are written as the \x escapes of their UTF-8 bytes.
 */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code >= 0x80) {
      for (const byte of new TextEncoder().encode(ch)) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

const invalid = (orig: string) => new GoDurationError(`time: invalid duration ${goQuote(orig)}`, orig);

/**
 * Reads digits from `s` at `start` as Go's leadingInt does: an integer of at most 2^63, else overflow.
 * Returns null on overflow.
 */
function leadingInt(s: string, start: number): { value: bigint; end: number } | null {
  let value = 0n;
  let i = start;
  for (; isDigit(s[i]); i++) {
    // Go stops before multiplying past 2^63 as well as after adding past it.
    if (value > twoTo63 / 10n) return null;
    value = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (value > twoTo63) return null;
  }
  return { value, end: i };
}

/**
 * Digits after the decimal point, as Go's leadingFraction reads them: once more digits would overflow
 * it keeps consuming but stops adding precision. `scale` is a float64 (10^digits), as in Go, because
 * the fraction is later scaled in float64 arithmetic and the rounding has to match.
 */
function leadingFraction(s: string, start: number): { value: bigint; scale: number; end: number } {
  let value = 0n;
  let scale = 1;
  let overflow = false;
  let i = start;
  for (; isDigit(s[i]); i++) {
    if (overflow) continue;
    if (value > maxDuration / 10n) {
      overflow = true;
      continue;
    }
    const next = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (next > twoTo63) {
      overflow = true;
      continue;
    }
    value = next;
    scale *= 10;
  }
  return { value, scale, end: i };
}

/**
 * time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a lone `0`. No whitespace anywhere, units
 * ns/us/µs/μs/ms/s/m/h, a unit after every number, and the total within int64 nanoseconds (the most
 * negative value included). Throws GoDurationError with Go's message.
 */
export function parseGoDurationNanos(text: string): bigint {
  const orig = text;
  let i = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    i = 1;
  }
  const rest = text.slice(i);
  if (rest === '0') return 0n;
  if (rest === '') throw invalid(orig);

  let total = 0n;
  while (i < text.length) {
    if (!(text[i] === '.' || isDigit(text[i]))) throw invalid(orig);

    const whole = leadingInt(text, i);
    if (whole === null) throw invalid(orig);
    const hasWhole = whole.end > i;
    i = whole.end;

    let fraction = { value: 0n, scale: 1 };
    let hasFraction = false;
    if (text[i] === '.') {
      const read = leadingFraction(text, i + 1);
      hasFraction = read.end > i + 1;
      fraction = read;
      i = read.end;
    }
    // "." or ".s": a number needs at least one digit on one side of the point.
    if (!hasWhole && !hasFraction) throw invalid(orig);

    // The unit is everything up to the next digit or point, so "1s " has the unit "s ".
    const unitStart = i;
    while (i < text.length && !(text[i] === '.' || isDigit(text[i]))) i++;
    if (i === unitStart) throw new GoDurationError(`time: missing unit in duration ${goQuote(orig)}`, orig);
    const unitText = text.slice(unitStart, i);
    const unit = nanosPerUnit.get(unitText);
    if (unit === undefined) {
      throw new GoDurationError(`time: unknown unit ${goQuote(unitText)} in duration ${goQuote(orig)}`, orig);
    }

    if (whole.value > twoTo63 / unit) throw invalid(orig);
    let value = whole.value * unit;
    if (fraction.value > 0n) {
      // Go scales the fraction in float64 and truncates: Number() of a BigInt rounds to nearest like
      // Go's float64(uint64), and the product is below 3.6e12, so the arithmetic is the same.
      value += BigInt(Math.trunc(Number(fraction.value) * (Number(unit) / fraction.scale)));
      if (value > twoTo63) throw invalid(orig);
    }
    total += value;
    if (total > twoTo63) throw invalid(orig);
  }
  if (negative) return -total;
  if (total > maxDuration) throw invalid(orig);
  return total;
}

/** Nanoseconds, or null when Go would reject the text. */
export function tryParseGoDurationNanos(text: string): bigint | null {
  try {
    return parseGoDurationNanos(text);
  } catch (err) {
    if (err instanceof GoDurationError) return null;
    throw err;
  }
}

/** Go's time.ParseDuration in milliseconds (fractional below 1 ms), or null when Go would reject the text. */
export function parseGoDuration(text: string): number | null {
  const ns = tryParseGoDurationNanos(text);
  return ns === null ? null : nanosToMs(ns);
}

export const nanosToMs = (ns: bigint): number => Number(ns) / 1e6;

/**
 * The digits of `v / 10^precision` after the point, trailing zeros dropped (no point when nothing is
 * left), and the integer part: Go's fmtFrac.
 */
function fraction(v: bigint, precision: number): { text: string; whole: bigint } {
  const divisor = 10n ** BigInt(precision);
  const digits = (v % divisor).toString().padStart(precision, '0').replace(/0+$/, '');
  return { text: digits === '' ? '' : `.${digits}`, whole: v / divisor };
}

/** Go's Duration.String: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `1.1µs`, `0s`. */
export function formatGoDurationNanos(ns: bigint): string {
  const negative = ns < 0n;
  const u = negative ? -ns : ns;
  let out: string;
  if (u === 0n) {
    out = '0s';
  } else if (u < 1_000_000_000n) {
    // Below a second Go switches to the largest unit that keeps a non-zero integer part.
    const [precision, unit] = u < 1_000n ? [0, 'ns'] : u < 1_000_000n ? [3, '\u00b5s'] : [6, 'ms'];
    const f = fraction(u, precision);
    out = `${f.whole}${f.text}${unit}`;
  } else {
    const f = fraction(u, 9);
    const seconds = `${f.whole % 60n}${f.text}s`;
    const minutes = f.whole / 60n;
    const hours = minutes / 60n;
    // Once there are minutes Go always prints the seconds, and once there are hours the minutes.
    out = hours > 0n ? `${hours}h${minutes % 60n}m${seconds}` : minutes > 0n ? `${minutes}m${seconds}` : seconds;
  }
  return negative ? `-${out}` : out;
}

/** Duration.String of a millisecond count (rounded to whole nanoseconds). */
export const formatGoDuration = (ms: number): string => formatGoDurationNanos(BigInt(Math.round(ms * 1e6)));
