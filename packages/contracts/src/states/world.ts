// What a provider state needs from the provider being verified. Two implementations: LocalScale
// (in-process, reset before every state) and real PlanetScale (one shared database per run, every
// resource a state creates removed after its interaction). The states themselves are written once,
// against this interface and the SDK.
import type { PlanetScaleClient } from '@localscale/sdk';

export type Target = 'localscale' | 'planetscale';

/** The base table every database's `main` holds, and the column a branch adds to it. */
export const baseTable = {
  name: 'widgets',
  create: 'CREATE TABLE `widgets` (`id` bigint unsigned NOT NULL AUTO_INCREMENT, `name` varchar(255) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  addColumn: (column: string) => `ALTER TABLE \`widgets\` ADD COLUMN \`${column}\` varchar(255) NULL`,
} as const;

export interface DatabaseFixture { database: string; keyspace: string }

export interface World {
  readonly target: Target;
  readonly organization: string;
  /** The SDK, with the credential the pacts' requests carry (so a state's creator is the requester). */
  readonly sdk: PlanetScaleClient;
  /** Poll interval and deadline for branch and deployment waits. */
  readonly poll: { intervalMs: number; timeoutMs: number };
  /**
   * A name for something a state adds to a schema: `base` itself where every state starts from
   * nothing, made unique where states share a database (deployed changes stay on its `main`).
   */
  schemaName(base: string): string;
  /** Registers a step for cleanup (worlds that reset before every state may ignore it). */
  undo(what: string, step: () => Promise<unknown>): void;
  /** A ready database: production `main` with safe migrations on, holding the base table. */
  database(): Promise<DatabaseFixture>;
  /** A database name that is not taken. */
  unusedDatabaseName(): Promise<string>;
  /** A database nothing else uses, which an interaction may delete. */
  disposableDatabase(): Promise<string>;
  /** A branch name the database does not have (removed at cleanup should an interaction create it). */
  unusedBranchName(database: string): Promise<string>;
  /** A new development branch of `main`, ready. */
  branch(database: string): Promise<string>;
  /** Runs DDL directly on a development branch. */
  alter(database: string, branch: string, keyspace: string, statements: string[]): Promise<void>;
  /** Makes deploys of the database wait for an approving review, until cleanup. */
  requireApproval(database: string): Promise<void>;
  /** Undoes what the state set up; runs after every interaction. */
  cleanup(): Promise<void>;
  /** Ends the run. */
  close(): Promise<void>;
}

/** Runs undo steps newest first, all of them, and reports the failures together. */
export class Undo {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];
  push(what: string, run: () => Promise<unknown>) { this.steps.push({ what, run }); }
  async run(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      await step.run().catch((err: unknown) => failures.push(`${step.what}: ${err instanceof Error ? err.message : String(err)}`));
    }
    if (failures.length) throw new Error(`cleanup failed:\n  ${failures.join('\n  ')}`);
  }
}
