// A delivery's body and signature, as PlanetScale makes them: compact JSON
// `{timestamp, event, organization, database, resource}` (timestamp in Unix seconds; resource the
// object the matching GET returns), signed with the hex SHA-256 HMAC of those exact bytes keyed by the
// webhook's secret, sent as `X-PlanetScale-Signature`. Compact, so receivers that re-serialise the
// parsed body (PlanetScale's own JavaScript example does) compute the same signature.
import { createHmac } from 'node:crypto';
import type { Schema } from '../presenters/schemas.js';

export type WebhookEventName = Schema<'WebhookEvent'>;

export interface WebhookPayload {
  readonly event: WebhookEventName;
  readonly organization: string;
  readonly database: string;
  readonly resource: unknown;
}

export const signatureHeader = 'X-PlanetScale-Signature';

export function webhookBody(payload: WebhookPayload, at: Date): string {
  return JSON.stringify({
    timestamp: Math.floor(at.getTime() / 1000), event: payload.event, organization: payload.organization,
    database: payload.database, resource: payload.resource,
  });
}

export const signBody = (body: string, secret: string) => createHmac('sha256', secret).update(body, 'utf8').digest('hex');
