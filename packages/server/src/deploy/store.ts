// The deploy engine's store port over the metadata schema.
import { deployRequests, type Pool } from '@localscale/mysql';
import { activeStates, queueBlockingStates, type DeployRequest, type DeployStore } from '@localscale/deploy-engine';
import { toModel, toRecord } from './mapping.js';

export function metadataDeployStore(pool: Pool): DeployStore {
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
      return deployRequests.withNamedLock(pool, `ls_deploy_${databaseId}`, work);
    },
  };
}
