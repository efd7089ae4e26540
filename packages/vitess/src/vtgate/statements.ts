// The SQL the vtgate adapter sends, as Vitess's grammar spells it.
import type { MigrationTarget } from '../port/index.js';
import { formatGoDuration } from '../strategy/duration.js';

export type MigrationCommand = 'COMPLETE' | 'CANCEL' | 'RETRY' | 'LAUNCH' | 'FORCE_CUTOVER' | 'CLEANUP' | 'UNTHROTTLE';

/** `ALTER VITESS_MIGRATION '<uuid>' <verb>` or `ALTER VITESS_MIGRATION <verb> ALL`. */
export function alterMigration(quote: (s: string) => string, command: MigrationCommand, target: MigrationTarget, shards?: readonly string[]): string {
  const scope = command === 'LAUNCH' && shards && shards.length > 0 ? ` VITESS_SHARDS ${quote(shards.join(','))}` : '';
  return 'uuid' in target ? `ALTER VITESS_MIGRATION ${quote(target.uuid)} ${command}${scope}` : `ALTER VITESS_MIGRATION ${command} ALL`;
}

export function throttleMigration(quote: (s: string) => string, target: MigrationTarget, ratio: number, expireMs: number): string {
  const head = 'uuid' in target ? `ALTER VITESS_MIGRATION ${quote(target.uuid)} THROTTLE` : 'ALTER VITESS_MIGRATION THROTTLE ALL';
  return `${head} EXPIRE ${quote(formatGoDuration(expireMs))} RATIO ${Number(ratio)}`;
}

export const revertMigration = (quote: (s: string) => string, uuid: string) => `REVERT VITESS_MIGRATION ${quote(uuid)}`;
