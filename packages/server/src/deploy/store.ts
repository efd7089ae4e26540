// The deploy engine's store port over the metadata schema.
import { deployRequests, type Pool } from '@localscale/mysql';
import { activeStates, queueBlockingStates, type DeployRequest, type DeployStore } from '@localscale/deploy-engine';
import { toModel, toRecord } from './mapping.js';

/**
 * `locks` holds the connections that keep each database's named lock while its action runs. They
 * must not come from the pool the action's own queries use: with as many simultaneous actions as
 * that pool has connections, every connection would hold a lock and no action could run a query.
 */
export function metadataDeployStore(pool: Pool, locks: Pool): DeployStore {
  const workStates = [...new Set([...activeStates, ...queueBlockingStates])];
  return {
    async listWorkable() {
      return (await deployRequests.listWorkableDeployRequests(pool, workStates)).map(toModel);
    },
    async get(id) {
      const r = await deployRequests.findDeployRequest(pool, id);
      return r && toModel(r);
    },
    async save(next: DeployRequest, expectedVersion: number) {
      const stored = await deployRequests.findDeployRequest(pool, next.id);
      if (!stored || stored.version !== expectedVersion) return false;
      return deployRequests.saveDeployRequest(pool, toRecord(next, stored), expectedVersion);
    },
    withDatabaseLock(databaseId, work) {
      return deployRequests.withNamedLock(locks, `ls_deploy_${databaseId}`, work);
    },
  };
}
