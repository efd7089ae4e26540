// Webhooks in PlanetScale's shape, and deliveries in the admin helper's.
import type { DeliveryWithAttempts, WebhookRecord } from '@localscale/mysql';
import type { Schema } from './schemas.js';

export function presentWebhook(w: WebhookRecord): Schema<'Webhook'> {
  return {
    id: w.id, url: w.url, secret: w.secret, enabled: w.enabled, last_sent_result: w.lastSentResult ?? '',
    last_sent_success: w.lastSentSuccess, last_sent_at: w.lastSentAt, created_at: w.createdAt, updated_at: w.updatedAt,
    events: w.events as Schema<'WebhookEvent'>[],
  };
}

export function presentDelivery(d: DeliveryWithAttempts, names: { organization: string; database: string }): Schema<'AdminWebhookDelivery'> {
  return {
    id: d.id, webhook_id: d.webhookId, url: d.url, organization: names.organization, database: names.database, event: d.event,
    state: d.state, attempts: d.attempts, created_at: d.createdAt, next_attempt_at: d.state === 'pending' ? d.nextAttemptAt : null,
    finished_at: d.finishedAt, body: d.body,
    attempt_log: d.attemptLog.map((a) => ({
      attempt: a.attempt, started_at: a.startedAt, duration_ms: a.durationMs, http_status: a.httpStatus, success: a.success, error: a.error,
    })),
  };
}
