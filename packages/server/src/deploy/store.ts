// The deploy engine's store port over the metadata schema. A save and the webhook deliveries of the
// events it announces are one transaction: a restart can lose neither without the other.
import { deployRequests, inTransaction, metadataChanged, webhooks, type Pool } from '@localscale/mysql';
import { activeStates, queueBlockingStates, type DeployRequest, type DeployStore } from '@localscale/deploy-engine';
import type { Services } from '../services/context.js';
import type { DeployAnnouncer } from './events.js';
import { toModel, toRecord } from './mapping.js';

/**
 * `locks` holds the connections that keep each database's named lock while its action runs. They
 * must not come from the pool the action's own queries use: with as many simultaneous actions as
 * that pool has connections, every connection would hold a lock and no action could run a query.
 */
export function metadataDeployStore(pool: Pool, locks: Pool, events?: { announce: DeployAnnouncer; svc: Pick<Services, 'clock' | 'deliveriesQueued'> }): DeployStore {
  const workStates = [...new Set([...activeStates, ...queueBlockingStates])];
  return {
    async listWorkable() {
      return (await deployRequests.listWorkableDeployRequests(pool, workStates)).map(toModel);
    },
    async get(id) {
      const r = await deployRequests.findDeployRequest(pool, id);
      return r && toModel(r);
    },
    async save(next: DeployRequest, expectedVersion: number, announced = []) {
      const stored = await deployRequests.findDeployRequest(pool, next.id);
      if (!stored || stored.version !== expectedVersion) return false;
      const record = toRecord(next, stored);
      if (!announced.length || !events) return deployRequests.saveDeployRequest(pool, record, expectedVersion);
      const at = events.svc.clock.now();
      const deliveries = await events.announce(next, record, announced, at);
      if (!deliveries.length) return deployRequests.saveDeployRequest(pool, record, expectedVersion);
      const saved = await inTransaction(pool, async (tx) => {
        if (!await deployRequests.saveDeployRequest(tx, record, expectedVersion)) return false;
        await webhooks.enqueueDeliveries(tx, deliveries, at);
        return true;
      }).finally(metadataChanged); // visible from the commit on (see the metadata cache)
      if (saved) events.svc.deliveriesQueued();
      return saved;
    },
    withDatabaseLock(databaseId, work) {
      return deployRequests.withNamedLock(locks, `ls_deploy_${databaseId}`, work);
    },
  };
}
