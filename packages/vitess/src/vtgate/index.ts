// createVtgateEngine: the vtgate adapter of the MigrationEngine port, for a real Vitess.
import { createPool } from '@localscale/mysql';
import type { MigrationEngine } from '../port/index.js';
import { VtgateEngine, type VtgateEngineOptions } from './engine.js';

export type { VtgateEngineOptions } from './engine.js';

/** From a `mysql://user:pass@host:port/` URL of vtgate's MySQL port, or an existing pool. */
export function createVtgateEngine(target: string | VtgateEngineOptions): MigrationEngine {
  if (typeof target === 'string') return new VtgateEngine({ pool: createPool(target), ownsPool: true });
  return new VtgateEngine(target);
}
