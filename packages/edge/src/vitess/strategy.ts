// vtgate's SET-time checks of `@@ddl_strategy` and `@@migration_context`. The parsing is
// @localscale/vitess's (the same parser the engines use, so what SET accepts is what a migration
// submit accepts); this only turns its errors into the reply vtgate sends for a bad SET: errno 1231,
// `invalid DDL strategy: <value>` / `invalid migration_context: <value>`, whatever the reason was.
import { isDirectStrategy, parseDdlStrategy as parseStrategy, validateMigrationContext, VitessError, type DdlStrategySetting } from '@localscale/vitess';
import { invalidSystemVariable } from '../errors.js';

/** Parses a strategy value or throws vtgate's `invalid DDL strategy: <value>` (1231). */
export function parseDdlStrategy(value: string): DdlStrategySetting {
  try {
    return parseStrategy(value);
  } catch (err) {
    if (err instanceof VitessError) throw invalidSystemVariable('DDL strategy', value);
    throw err;
  }
}

/** Whether DDL under this strategy becomes a managed migration (Vitess: not IsDirect, so mysql too). */
export const isOnlineStrategy = (value: string) => !isDirectStrategy(parseDdlStrategy(value).strategy);

/** `@@migration_context` must match ^[\w:-]*$ (errno 1231 otherwise). */
export function checkMigrationContext(value: string): string {
  try {
    validateMigrationContext(value);
  } catch (err) {
    if (err instanceof VitessError) throw invalidSystemVariable('migration_context', value);
    throw err;
  }
  return value;
}
