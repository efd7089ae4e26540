// What the scheduler, the executors and the commands share beyond the context: the tasks the engine
// owns, the throttle rules, and how a migration is failed.
import type { SchemaMigrationRow } from '../port/index.js';
import type { EngineContext } from './context.js';
import type { MigrationKey } from './sidecar/store.js';
import type { TaskRegistry } from './tasks.js';
import type { ThrottleRules } from './throttle.js';

export interface Runtime {
  readonly ctx: EngineContext;
  readonly tasks: TaskRegistry;
  readonly throttleRules: ThrottleRules;
  /** Fails a pending migration and releases what it holds (copy task, triggers, shadow table). Under the lock. */
  fail(row: SchemaMigrationRow, message: string): Promise<void>;
  /** For work running outside the lock (a copy task): queues the failure on the lock without waiting. */
  failLater(key: MigrationKey, message: string): void;
}
