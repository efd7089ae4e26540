// `@@ddl_strategy` as Vitess v22 parses it: `<strategy> [flags]`, flags shell-split, `-flag` and
// `--flag` both accepted, valued flags written `--name=value`. Unknown flags are an error for every
// strategy Vitess still ships (gh-ost and pt-osc were removed in v22).
import { VitessError } from '../port/errors.js';
import { formatGoDuration, parseGoDuration } from './duration.js';
import { shellSplit } from './shlex.js';

export type DdlStrategyName = 'direct' | 'vitess' | 'online' | 'mysql';

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
  /** Milliseconds; absent when the flag was not given. */
  durations: Readonly<Partial<Record<DurationFlag, number>>>;
}

const strategyPattern = /^(\S+)\s+([\s\S]*)$/;

/** Parses and validates a strategy string; throws VitessError with Vitess's wording. */
export function parseDdlStrategy(value: string): DdlStrategySetting {
  const trimmed = value.trim();
  const m = strategyPattern.exec(trimmed);
  const name = m ? m[1]! : trimmed;
  const options = m ? m[2]! : '';
  const strategy = strategyName(name);

  let words: string[];
  try {
    words = shellSplit(options);
  } catch (err) {
    throw new VitessError(`invalid DDL strategy: ${value}: ${(err as Error).message}`, 1231);
  }
  const flags = new Set<BooleanFlag>();
  const durations: Partial<Record<DurationFlag, number>> = {};
  const unknown: string[] = [];
  for (const word of words) {
    const bare = flagName(word);
    if (bare !== null && (booleanFlags as readonly string[]).includes(bare)) {
      flags.add(bare as BooleanFlag);
      continue;
    }
    const eq = bare?.indexOf('=') ?? -1;
    if (bare !== null && eq > 0 && (durationFlags as readonly string[]).includes(bare.slice(0, eq))) {
      const flag = bare.slice(0, eq) as DurationFlag;
      const raw = bare.slice(eq + 1);
      const ms = parseGoDuration(raw);
      if (ms === null) throw new VitessError(`invalid DDL strategy: ${value}: time: invalid duration "${raw}" in --${flag}`, 1231);
      durations[flag] = ms;
      continue;
    }
    unknown.push(word);
  }
  if (unknown.length > 0) throw new VitessError(`invalid flags for ${strategy} strategy: ${unknown.join(' ')}`, 1231);

  const forceAfter = durations['force-cut-over-after'];
  if (forceAfter !== undefined && forceAfter !== 0 && strategy !== 'vitess' && strategy !== 'online') {
    throw new VitessError(`--force-cut-over-after is only valid in 'vitess' strategy. Found ${formatGoDuration(forceAfter)} value in '${strategy}' strategy`, 1231);
  }
  return { strategy, options, flags, durations };
}

function strategyName(name: string): DdlStrategyName {
  switch (name) {
    case '':
    case 'direct':
      return 'direct';
    case 'vitess':
    case 'online':
    case 'mysql':
      return name;
    default:
      throw new VitessError(`Unknown online DDL strategy: '${name}'`, 1231);
  }
}

/** `--x` or `-x` → `x`; anything else → null. */
function flagName(word: string): string | null {
  if (word.startsWith('--') && word.length > 2) return word.slice(2);
  if (word.startsWith('-') && word.length > 1 && word[1] !== '-') return word.slice(1);
  return null;
}

export const hasFlag = (setting: DdlStrategySetting, flag: BooleanFlag) => setting.flags.has(flag);

export const isOnlineStrategy = (s: DdlStrategyName) => s === 'vitess' || s === 'online';

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
