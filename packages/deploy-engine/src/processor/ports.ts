// What the processor needs from the rest of LocalScale, as interfaces: the deploy engine knows
// nothing of HTTP, of the metadata schema's tables, or of how branches are diffed.
import type { MigrationEngine } from '@localscale/vitess';
import type { DeployRequestEvent } from '../machine/events.js';
import type { DeployRequest } from '../machine/model.js';
import type { PrepareResult } from '../machine/prepare.js';

export interface DeployStore {
  /** Requests the processor must look at: active, holding a queue, or with after-completion work left. */
  listWorkable(): Promise<DeployRequest[]>;
  get(id: string): Promise<DeployRequest | undefined>;
  /**
   * Saves when nobody changed the request since `expectedVersion`; false otherwise. `events` are what
   * the change announces (PlanetScale's webhook events); they are recorded with the change, atomically,
   * or not at all.
   */
  save(next: DeployRequest, expectedVersion: number, events: readonly DeployRequestEvent[]): Promise<boolean>;
  /** Serialises actions on one database's deploy requests (queue decisions, approvals). */
  withDatabaseLock<T>(databaseId: string, work: () => Promise<T>): Promise<T>;
}

export interface DeployTargets {
  /** The Vitess cluster of a request's target branch. */
  engineFor(dr: DeployRequest): Promise<MigrationEngine>;
  /** Diffs the head branch against the target (the slow part of a new deploy request). */
  prepare(dr: DeployRequest): Promise<PrepareResult>;
  deleteBranch(dr: DeployRequest): Promise<void>;
  requireApproval(dr: DeployRequest): Promise<boolean>;
  /**
   * Who created the credential behind `actorId` (a service token made through the API), if anyone:
   * PlanetScale does not let that person approve what the token opened.
   */
  creatorOf?(actorId: string): Promise<string | null>;
}

export interface ProcessorLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}
