// The rules of webhooks as resources, PlanetScale's: at most 5 per database, a URL LocalScale can
// reach (urls.ts), events from PlanetScale's list, a secret made here, and one test send per webhook
// every 20 seconds. A test is a `webhook.test` delivery of the database, queued like any event.
import { randomBytes } from 'node:crypto';
import { webhooks, type DatabaseRecord, type WebhookRecord } from '@localscale/mysql';
import { TooManyRequestsError, UnprocessableError } from '../http/errors.js';
import { presentDatabase } from '../presenters/database.js';
import type { Services } from '../services/context.js';
import { databaseFacts } from '../services/facts.js';
import { deliveriesFor, renderContext } from './outbox.js';
import { checkWebhookUrl } from './urls.js';

export const webhooksPerDatabase = 5;
export const testIntervalMs = 20_000;

function url(raw: string): string {
  const checked = checkWebhookUrl(raw);
  if (!checked.ok) throw new UnprocessableError(checked.message);
  return checked.url;
}

export interface WebhookInput { url?: string; enabled?: boolean; events?: readonly string[] }

export async function createWebhook(svc: Services, database: DatabaseRecord, input: WebhookInput & { url: string }): Promise<WebhookRecord> {
  return webhooks.insertWebhook(svc.metadata, {
    databaseId: database.id, url: url(input.url), secret: randomBytes(20).toString('hex'), enabled: input.enabled ?? true,
    events: [...new Set(input.events ?? [])],
  }, webhooksPerDatabase, svc.clock.now());
}

export async function updateWebhook(svc: Services, database: DatabaseRecord, id: string, input: WebhookInput): Promise<WebhookRecord> {
  return webhooks.updateWebhook(svc.metadata, database.id, id, {
    url: input.url === undefined ? undefined : url(input.url), enabled: input.enabled,
    events: input.events === undefined ? undefined : [...new Set(input.events)],
  }, svc.clock.now());
}

/** Queues a `webhook.test` delivery (the database as its resource) for this webhook alone. */
export async function testWebhook(svc: Services, database: DatabaseRecord, webhook: WebhookRecord): Promise<void> {
  if (!webhook.enabled) throw new UnprocessableError('The webhook is disabled: enable it to send a test');
  const at = svc.clock.now();
  if (!await webhooks.claimTestSend(svc.metadata, webhook.id, at, testIntervalMs)) {
    throw new TooManyRequestsError('You can only send one webhook test every 20 seconds');
  }
  const render = async () => presentDatabase(database, await databaseFacts(svc, database), renderContext(svc).links);
  const source = { databaseId: database.id, organization: database.organization, database: database.name };
  await webhooks.enqueueDeliveries(svc.metadata, await deliveriesFor(svc.metadata, source, 'webhook.test', render, at, webhook), at);
  svc.deliveriesQueued();
}
