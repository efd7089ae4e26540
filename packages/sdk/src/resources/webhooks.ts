import type { PlanetScaleApi } from '../api.js';
import type { BodyOf, QueryOf, Schema, Webhook } from '../types.js';
import { unwrap, unwrapEmpty } from '../unwrap.js';

const all = '/organizations/{organization}/databases/{database}/webhooks';
const one = '/organizations/{organization}/databases/{database}/webhooks/{id}';
const at = (organization: string, database: string, id: string) => ({ params: { path: { organization, database, id } } });

/**
 * A database's webhooks. Each delivery is a POST of `{timestamp, event, organization, database, resource}`
 * signed with `X-PlanetScale-Signature` (hex HMAC-SHA256 of the raw body keyed by the webhook's `secret`):
 * check it with `verifyWebhookSignature`.
 */
export const webhooks = (api: PlanetScaleApi) => ({
  list: (organization: string, database: string, query?: QueryOf<'list_webhooks'>): Promise<Schema<'PaginatedWebhook'>> =>
    unwrap(api.GET(all, { params: { path: { organization, database }, query } })),
  create: (organization: string, database: string, body: BodyOf<'create_webhook'>): Promise<Webhook> =>
    unwrap(api.POST(all, { params: { path: { organization, database } }, body })),
  get: (organization: string, database: string, id: string): Promise<Webhook> => unwrap(api.GET(one, at(organization, database, id))),
  update: (organization: string, database: string, id: string, body: BodyOf<'update_webhook'>): Promise<Webhook> =>
    unwrap(api.PATCH(one, { ...at(organization, database, id), body })),
  delete: (organization: string, database: string, id: string): Promise<void> => unwrapEmpty(api.DELETE(one, at(organization, database, id))),
  /** Sends a `webhook.test` event; at most one per webhook every 20 seconds (429 otherwise). */
  test: (organization: string, database: string, id: string): Promise<void> => unwrapEmpty(api.POST(`${one}/test`, at(organization, database, id))),
});
