// A deploy request's events (the deploy engine's deploy_request.* announcements) as webhook
// deliveries: the resource is the deploy request as GET .../deploy-requests/{number} shows it in the
// state the transition left it in.
import { databases, type DeployRequestRecord, type NewDelivery } from '@localscale/mysql';
import type { DeployRequest, DeployRequestEvent } from '@localscale/deploy-engine';
import { presentDeployRequest } from '../presenters/deploy-request.js';
import type { Services } from '../services/context.js';
import { deliveriesFor, renderContext } from '../webhooks/outbox.js';
import type { DeployRuntime } from './runtime.js';
import { deployContext } from './service.js';

/** Renders the deliveries of a change to a deploy request; `record` is the row the change will be saved as. */
export type DeployAnnouncer = (next: DeployRequest, record: DeployRequestRecord, events: readonly DeployRequestEvent[], at: Date) => Promise<NewDelivery[]>;

/** `runtime` is read when an event happens: the store that announces is made before the processor. */
export function deployAnnouncer(svc: Services, runtime: () => DeployRuntime): DeployAnnouncer {
  return async (next, record, events, at) => {
    if (!events.length) return [];
    const database = await databases.findDatabaseById(svc.metadata, next.databaseId);
    if (!database) return [];
    let rendered: Promise<unknown> | undefined;
    const render = () => (rendered ??= (async () => {
      const ctx = await deployContext(svc, runtime(), { database, record: { ...record, updatedAt: at.toISOString() }, model: next }, renderContext(svc).links);
      return presentDeployRequest(ctx);
    })());
    const source = { databaseId: database.id, organization: database.organization, database: database.name };
    const out: NewDelivery[] = [];
    for (const event of events) out.push(...await deliveriesFor(svc.metadata, source, event, render, at));
    return out;
  };
}
