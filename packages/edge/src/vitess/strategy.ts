// Validation of `@@ddl_strategy` values at SET time, as vtgate does it (ParseDDLStrategy): a strategy name
// and shell-split flags, every flag known. Vitess v22: gh-ost and pt-osc are gone.
import { invalidSystemVariable } from '../errors.js';
import { parseGoDuration } from './duration.js';

export const strategies = ['direct', 'vitess', 'online', 'mysql'] as const;
export type Strategy = (typeof strategies)[number];

const booleanFlags = new Set([
  'postpone-completion', 'postpone-launch', 'singleton', 'singleton-context', 'singleton-table', 'allow-concurrent',
  'in-order-completion', 'prefer-instant-ddl', 'declarative', 'allow-zero-in-date', 'analyze-table',
  'unsafe-allow-foreign-keys', 'fast-range-rotation', 'skip-topo', 'vreplication-test-suite',
]);
const durationFlags = new Set(['cut-over-threshold', 'force-cut-over-after', 'retain-artifacts']);

export interface ParsedStrategy { strategy: Strategy; flags: string[] }

/** Shell-style split: whitespace separates, quotes group. */
function shellSplit(text: string): string[] | null {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") { quote = ch; started = true; }
    else if (/\s/.test(ch)) { if (started) out.push(cur); cur = ''; started = false; }
    else { cur += ch; started = true; }
  }
  if (quote) return null;
  if (started) out.push(cur);
  return out;
}

/** Parses a strategy value or throws vtgate's `invalid DDL strategy: <value>` (1231). */
export function parseDdlStrategy(value: string): ParsedStrategy {
  const fail = () => invalidSystemVariable('DDL strategy', value);
  const words = shellSplit(value);
  if (!words) throw fail();
  const [name = '', ...flags] = words;
  const strategy = (name === '' ? 'direct' : name) as Strategy;
  if (!strategies.includes(strategy)) throw fail();
  for (const flag of flags) {
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(flag);
    if (!m) throw fail();
    const [, key, v] = m as unknown as [string, string, string | undefined];
    if (booleanFlags.has(key)) {
      if (v !== undefined && !/^(true|false|1|0)$/i.test(v)) throw fail();
    } else if (durationFlags.has(key)) {
      if (v === undefined || parseGoDuration(v) === null) throw fail();
      if (key === 'force-cut-over-after' && strategy !== 'vitess' && strategy !== 'online') throw fail();
    } else {
      throw fail();
    }
  }
  return { strategy, flags };
}

/** Whether DDL under this strategy becomes an online migration (everything but `direct`). */
export const isOnlineStrategy = (value: string) => parseDdlStrategy(value).strategy !== 'direct';

/** `@@migration_context` must match ^[\w:-]*$ (errno 1231 otherwise). */
export function checkMigrationContext(value: string): string {
  if (!/^[\w:-]*$/.test(value)) throw invalidSystemVariable('migration_context', value);
  return value;
}
