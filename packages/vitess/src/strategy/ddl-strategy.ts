// `@@ddl_strategy` as Vitess v22's schema.ParseDDLStrategy reads it, the one parser in LocalScale
// (the embedded engine, the vtgate adapter and the edge's `SET @@ddl_strategy` all use it):
//   - `<name>` alone, or `<name><whitespace><options>` where whitespace is Go regexp's \s (space,
//     tab, LF, FF, CR) and the options run to the end without a line break. Nothing is trimmed: a
//     leading space makes the whole value the (unknown) strategy name, as in Vitess.
//   - names are case-sensitive: `` (= direct), direct, vitess, online, mysql. gh-ost and pt-osc were
//     removed in v22.
//   - options are split with google/shlex, ignoring its errors (Vitess keeps the words before an
//     unclosed quote or a trailing backslash), and every word must be a known flag: `-name` or
//     `--name` exactly for the boolean ones (no `=true`), `-name=value`/`--name=value` for the three
//     durations, whose value may be a Go quoted literal and must then be a Go duration.
// Errors carry Vitess's messages; vtgate's SET wraps them as `invalid DDL strategy: <value>`.
import { VitessError } from '../port/errors.js';
import { formatGoDurationNanos, GoDurationError, nanosToMs, parseGoDurationNanos } from './duration.js';
import { goUnquote } from './go-unquote.js';
import { shellSplitLenient } from './shlex.js';

export type DdlStrategyName = 'direct' | 'vitess' | 'online' | 'mysql';

const strategyNames: readonly DdlStrategyName[] = ['direct', 'vitess', 'online', 'mysql'];

const booleanFlags = [
  'declarative', 'skip-topo', 'singleton', 'singleton-context', 'singleton-table', 'allow-zero-in-date',
  'postpone-launch', 'postpone-completion', 'in-order-completion', 'allow-concurrent', 'prefer-instant-ddl',
  'fast-range-rotation', 'vreplication-test-suite', 'unsafe-allow-foreign-keys', 'analyze-table',
] as const;
const durationFlags = ['cut-over-threshold', 'force-cut-over-after', 'retain-artifacts'] as const;

export type BooleanFlag = (typeof booleanFlags)[number];
export type DurationFlag = (typeof durationFlags)[number];

export interface DdlStrategySetting {
  strategy: DdlStrategyName;
  /** The options exactly as given (the `options` column). */
  options: string;
  flags: ReadonlySet<BooleanFlag>;
  /**
   * Milliseconds; absent when the flag was not given with a value (Vitess then reads 0). When a flag
   * is repeated, the last occurrence with a non-empty value counts, as in Vitess.
   */
  durations: Readonly<Partial<Record<DurationFlag, number>>>;
}

// Go's `^([\S]+)\s+(.*)$`: RE2's \s is ASCII [\t\n\f\r ] only and `.` is anything but \n, so both
// are spelled out rather than left to JavaScript's Unicode-aware \s and its wider `.`.
const strategyPattern = /^([^\t\n\f\r ]+)[\t\n\f\r ]+([^\n]*)$/;

const durationFlagPatterns: ReadonlyMap<DurationFlag, RegExp> = new Map(
  durationFlags.map((flag) => [flag, new RegExp(`^-{1,2}${flag}=([^\\n]*)$`)]),
);

const strategyError = (message: string) => new VitessError(message, 1231);

/** Parses and validates a strategy string; throws VitessError with Vitess's wording. */
export function parseDdlStrategy(value: string): DdlStrategySetting {
  const m = strategyPattern.exec(value);
  const name = m ? m[1]! : value;
  const options = m ? m[2]! : '';
  const strategy = strategyName(name);

  const words = shellSplitLenient(options);
  const durationNanos = new Map<DurationFlag, bigint>();
  // Vitess checks the three durations in this order before anything else about the flags.
  for (const flag of ['cut-over-threshold', 'retain-artifacts', 'force-cut-over-after'] as const) {
    const ns = durationFlagValue(words, flag);
    if (ns !== null) durationNanos.set(flag, ns);
  }
  const forceAfter = durationNanos.get('force-cut-over-after') ?? 0n;
  if (forceAfter !== 0n && strategy !== 'vitess' && strategy !== 'online') {
    throw strategyError(`--force-cut-over-after is only valid in 'vitess' strategy. Found ${formatGoDurationNanos(forceAfter)} value in '${strategy}' strategy`);
  }

  const flags = new Set<BooleanFlag>();
  const unknown: string[] = [];
  for (const word of words) {
    if (durationFlags.some((flag) => durationFlagPatterns.get(flag)!.test(word))) continue;
    const flag = booleanFlags.find((f) => word === `-${f}` || word === `--${f}`);
    if (flag) flags.add(flag);
    else unknown.push(word);
  }
  if (unknown.length > 0) throw strategyError(`invalid flags for ${strategy} strategy: ${unknown.join(' ')}`);

  const durations: Partial<Record<DurationFlag, number>> = {};
  for (const [flag, ns] of durationNanos) durations[flag] = nanosToMs(ns);
  return { strategy, options, flags, durations };
}

function strategyName(name: string): DdlStrategyName {
  if (name === '') return 'direct';
  const known = strategyNames.find((s) => s === name);
  if (!known) throw strategyError(`Unknown online DDL strategy: '${name}'`);
  return known;
}

/**
 * A duration flag's value in nanoseconds, or null when no occurrence has a non-empty value. Like
 * Vitess, every occurrence with a value is parsed and the last one decides, its error included.
 */
function durationFlagValue(words: readonly string[], flag: DurationFlag): bigint | null {
  const pattern = durationFlagPatterns.get(flag)!;
  let last: string | null = null;
  for (const word of words) {
    const m = pattern.exec(word);
    if (!m) continue;
    const raw = m[1]!;
    const value = goUnquote(raw) ?? raw;
    if (value !== '') last = value;
  }
  if (last === null) return null;
  try {
    return parseGoDurationNanos(last);
  } catch (err) {
    if (err instanceof GoDurationError) throw strategyError(err.message);
    throw err;
  }
}

export const hasFlag = (setting: DdlStrategySetting, flag: BooleanFlag) => setting.flags.has(flag);

/** Whether migrations under this strategy run through VReplication (Vitess's `vitess`, alias `online`). */
export const isOnlineStrategy = (s: DdlStrategyName) => s === 'vitess' || s === 'online';

/** Vitess's DDLStrategy.IsDirect: everything but vitess, online and mysql runs as plain DDL. */
export const isDirectStrategy = (s: DdlStrategyName) => s === 'direct';

/** `@@migration_context` must match ^[\w:-]*$. */
export function validateMigrationContext(context: string): void {
  if (!/^[\w:-]*$/.test(context)) throw new VitessError(`invalid migration_context: ${context}`, 1231);
}

/** The v22 range check done at submit; 0 means the default, 10s. Resolves to whole seconds. */
export function cutOverThresholdSeconds(setting: DdlStrategySetting): number {
  const ms = setting.durations['cut-over-threshold'] ?? 0;
  if (ms === 0) return 10;
  if (ms < 5000) throw new Error('cut-over min value is 5s');
  if (ms > 30_000) throw new Error('cut-over max value is 30s');
  return Math.floor(ms / 1000);
}
