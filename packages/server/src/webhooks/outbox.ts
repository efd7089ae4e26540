// From LocalScale's domain events to rows of the webhook outbox. The deploy engine and the branch
// service announce events at their real transitions; here each event becomes one delivery per enabled
// webhook of the database that subscribes to it, with the body rendered once, now (the resource as the
// matching GET returns it at the moment of the transition). The caller writes the rows in the
// transaction of the change itself and, once it committed, wakes the dispatcher.
import { webhooks, type NewDelivery, type Queryable, type WebhookRecord } from '@localscale/mysql';
import type { Links } from '../presenters/links.js';
import type { Services } from '../services/context.js';
import { webhookBody, type WebhookEventName } from './payload.js';

export interface EventSource { readonly databaseId: string; readonly organization: string; readonly database: string }

/**
 * The deliveries `event` makes: none, and nothing rendered, when no webhook listens. `to` sends it to
 * that webhook alone, whatever it subscribes to (a test).
 */
export async function deliveriesFor(db: Queryable, source: EventSource, event: WebhookEventName, render: () => Promise<unknown>,
  at: Date, to?: WebhookRecord): Promise<NewDelivery[]> {
  const targets = to ? [to] : await webhooks.subscribedWebhooks(db, source.databaseId, event);
  if (!targets.length) return [];
  const body = webhookBody({ event, organization: source.organization, database: source.database, resource: await render() }, at);
  return targets.map((w) => ({ webhookId: w.id, event, body }));
}

/** Links and the edge address for objects rendered outside any request (no Host header to go by). */
export function renderContext(svc: Services): { links: Links; edgeAddress: string } {
  const origin = svc.origin();
  return { links: { api: `${origin}/v1`, app: origin }, edgeAddress: svc.edgeAddress(new URL(origin).hostname) };
}
