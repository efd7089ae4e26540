// The code under test: how a team ships a schema change on PlanetScale. Branch off production, apply
// the DDL on the branch, open a deploy request, deploy it and cut over. Everything goes through the
// PlanetScale API except the DDL itself, which runs over a MySQL connection to the branch; that step is
// passed in, so the same function runs in production (a mysql2 connection to the branch) and in tests.
import type { DeployRequest, DeploymentState, PlanetScaleClient } from '@localscale/sdk';

export interface SchemaChange {
  organization: string;
  database: string;
  /** The development branch to create for the change. */
  branch: string;
  notes?: string;
  /** Runs the DDL on the new branch. */
  applyDdl(branch: string): Promise<void>;
  /** Polling interval of the waits; PlanetScale is slow, LocalScale is not. */
  intervalMs?: number;
}

export class ShipError extends Error {
  constructor(message: string, readonly deployRequest: DeployRequest) { super(message); this.name = 'ShipError'; }
}

/** States after which a deployment is done and live (a revert is still possible in the first one). */
const shipped: readonly DeploymentState[] = ['complete_pending_revert', 'complete'];

export async function shipSchemaChange(client: PlanetScaleClient, change: SchemaChange): Promise<DeployRequest> {
  const { organization: org, database: db, branch, intervalMs = 1000 } = change;
  await client.branches.create(org, db, { name: branch, parent_branch: 'main' });
  await client.waitForBranchReady(org, db, branch, { intervalMs });
  await change.applyDdl(branch);

  const opened = await client.deployRequests.create(org, db, { branch, into_branch: 'main', notes: change.notes ?? '' });
  const checked = await client.waitForDeployRequest(org, db, opened.number, { until: ['ready', 'no_changes', 'error'], intervalMs });
  if (checked.deployment_state !== 'ready') throw new ShipError(`deploy request #${opened.number} cannot be deployed: ${checked.deployment_state}`, checked);

  await client.deployRequests.deploy(org, db, opened.number);
  let done = await client.waitForDeployRequest(org, db, opened.number, { intervalMs });
  if (done.deployment_state === 'pending_cutover') {
    await client.deployRequests.applyDeploy(org, db, opened.number);
    done = await client.waitForDeployRequest(org, db, opened.number, { intervalMs });
  }
  if (!shipped.includes(done.deployment_state)) throw new ShipError(`deploy request #${opened.number} ended in ${done.deployment_state}`, done);
  return done;
}
