// Webhooks: PlanetScale's list/create/get/update/delete/test per database, and LocalScale's
// GET /admin/webhook-deliveries, which shows what was sent, when, and how it went.
import { databases, webhooks } from '@localscale/mysql';
import { BadRequestError } from '../http/errors.js';
import type { Handlers } from '../http/operation-types.js';
import { enc, linksFor } from '../presenters/links.js';
import { envelope, pageFrom } from '../presenters/pagination.js';
import { presentDelivery, presentWebhook } from '../presenters/webhook.js';
import type { Services } from '../services/context.js';
import { resolveDatabase } from '../services/resolve.js';
import { createWebhook, testWebhook, updateWebhook } from '../webhooks/service.js';

type WebhookOps = 'list_webhooks' | 'create_webhook' | 'get_webhook' | 'update_webhook' | 'delete_webhook' | 'test_webhook' | 'admin_webhook_deliveries';

export function webhookHandlers(svc: Services): Pick<Handlers, WebhookOps> {
  return {
    list_webhooks: async ({ params, query, request }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      const page = pageFrom(query);
      const { items, total } = await webhooks.listWebhooks(svc.metadata, database.id, page);
      const url = `${linksFor(request, svc.config.publicUrl).api}/organizations/${enc(database.organization)}/databases/${enc(database.name)}/webhooks`;
      return { status: 200, body: envelope(items.map(presentWebhook), total, page, url) };
    },
    create_webhook: async ({ params, body }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      return { status: 201, body: presentWebhook(await createWebhook(svc, database, body)) };
    },
    get_webhook: async ({ params }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      return { status: 200, body: presentWebhook(await webhooks.getWebhook(svc.metadata, database.id, params.id)) };
    },
    update_webhook: async ({ params, body }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      return { status: 200, body: presentWebhook(await updateWebhook(svc, database, params.id, body)) };
    },
    delete_webhook: async ({ params }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      await webhooks.deleteWebhook(svc.metadata, database.id, params.id);
      return { status: 204, body: undefined };
    },
    test_webhook: async ({ params }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      await testWebhook(svc, database, await webhooks.getWebhook(svc.metadata, database.id, params.id));
      return { status: 204, body: undefined };
    },

    admin_webhook_deliveries: async ({ query }) => {
      if ((query.organization === undefined) !== (query.database === undefined)) throw new BadRequestError('Invalid query parameter: organization and database go together');
      const database = query.organization !== undefined && query.database !== undefined ? await resolveDatabase(svc, query.organization, query.database) : undefined;
      const found = await webhooks.listDeliveries(svc.metadata, { databaseId: database?.id, webhookId: query.webhook || undefined }, query.limit ?? 100);
      const names = new Map<string, { organization: string; database: string }>();
      for (const id of new Set(found.map((d) => d.databaseId))) {
        const db = await databases.findDatabaseById(svc.metadata, id);
        names.set(id, { organization: db?.organization ?? '', database: db?.name ?? '' });
      }
      return { status: 200, body: { data: found.map((d) => presentDelivery(d, names.get(d.databaseId)!)) } };
    },
  };
}
