// What the deploy-request handlers need beyond storage: the processor that runs deployments, and the
// Vitess cluster behind each branch.
import type { DeployProcessor } from '@localscale/deploy-engine';
import type { MigrationEngine } from '@localscale/vitess';
import type { DeployAnnouncer } from './events.js';

export interface Clusters {
  /** The migration engine of one branch of one database (created on first use, then reused). */
  engineFor(databaseId: string, branch: string): Promise<MigrationEngine>;
  /** Closes a deleted branch's engine; its engine can never be started again. */
  release(databaseId: string, branch: string): Promise<void>;
  close(): Promise<void>;
}

export interface DeployRuntime {
  processor: DeployProcessor;
  clusters: Clusters;
  /** Renders the webhook deliveries of a deploy request's events (the processor's store uses the same). */
  announce: DeployAnnouncer;
}
