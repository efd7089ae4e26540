// Delivery rules, pure: what follows each attempt (retry when, fail, disable the webhook), every
// attempt number against both outcomes; the URLs LocalScale accepts; the body and its signature.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, webhookBody } from '../../src/webhooks/payload.js';
import { backoffAfter, defaultRetryPolicy, leaseMs, settle } from '../../src/webhooks/policy.js';
import { checkWebhookUrl } from '../../src/webhooks/urls.js';

const now = new Date('2026-01-20T10:00:00.000Z');
const p = defaultRetryPolicy;
const at = (ms: number) => new Date(now.getTime() + ms);

describe('settle', () => {
  //                       attempt  success              failure (from a webhook with attempt - 1 failures so far)
  const table: [number, ReturnType<typeof settle>][] = [
    [1, { delivery: { state: 'pending', nextAttemptAt: at(1_000) }, webhook: { consecutiveFailures: 1, disable: false } }],
    [2, { delivery: { state: 'pending', nextAttemptAt: at(2_000) }, webhook: { consecutiveFailures: 2, disable: false } }],
    [3, { delivery: { state: 'pending', nextAttemptAt: at(4_000) }, webhook: { consecutiveFailures: 3, disable: false } }],
    [4, { delivery: { state: 'pending', nextAttemptAt: at(8_000) }, webhook: { consecutiveFailures: 4, disable: false } }],
    [5, { delivery: { state: 'pending', nextAttemptAt: at(16_000) }, webhook: { consecutiveFailures: 5, disable: false } }],
    [6, { delivery: { state: 'failed', nextAttemptAt: null }, webhook: { consecutiveFailures: 6, disable: true } }],
  ];
  it.each(table)('attempt %i: a failure is retried after the backoff, the last one fails the delivery and disables the webhook', (attempt, expected) => {
    expect(settle({ attempt, success: false, consecutiveFailures: attempt - 1 }, now, p)).toEqual(expected);
  });
  it.each(table.map(([a]) => [a]))('attempt %i: a success delivers and clears the failure count', (attempt) => {
    expect(settle({ attempt, success: true, consecutiveFailures: attempt - 1 }, now, p))
      .toEqual({ delivery: { state: 'delivered', nextAttemptAt: null }, webhook: { consecutiveFailures: 0, disable: false } });
  });
  it('a webhook already failing disables on reaching the limit, even on an early attempt of a new delivery', () => {
    expect(settle({ attempt: 1, success: false, consecutiveFailures: 5 }, now, p)).toEqual({ delivery: { state: 'failed', nextAttemptAt: null }, webhook: { consecutiveFailures: 6, disable: true } });
  });
  it('attempts past the table reuse its last delay; the lease outlasts the timeout', () => {
    expect(backoffAfter(p, 40)).toBe(16_000);
    expect(backoffAfter({ ...p, backoffMs: [] }, 1)).toBe(0);
    expect(leaseMs(p)).toBeGreaterThan(p.timeoutMs);
  });
});

describe('webhook URLs', () => {
  it.each([
    ['https://hooks.example.com/planetscale', true],
    ['https://10.0.0.5:8443/x', true],
    ['http://127.0.0.1:9999/hook', true],
    ['http://localhost/hook', true],
    ['http://api.localhost:3000/hook', true],
    ['http://[::1]:8080/', true],
    ['http://example.com/hook', false],
    ['http://10.0.0.5/hook', false],
    ['ftp://127.0.0.1/hook', false],
    ['https://user:pass@example.com/', false],
    ['not a url', false],
  ] as const)('%s -> %s', (url, ok) => {
    expect(checkWebhookUrl(url).ok).toBe(ok);
  });
});

describe('payload', () => {
  it('is compact JSON in PlanetScale\'s field order, with the time in Unix seconds, signed with the hex HMAC-SHA256 of its bytes', () => {
    const body = webhookBody({ event: 'webhook.test', organization: 'acme', database: 'shop', resource: { id: 'x', name: 'shop' } }, new Date('2026-01-20T10:00:00.900Z'));
    expect(body).toBe('{"timestamp":1768903200,"event":"webhook.test","organization":"acme","database":"shop","resource":{"id":"x","name":"shop"}}');
    expect(signBody(body, 's3cret')).toBe(createHmac('sha256', 's3cret').update(body).digest('hex'));
    // A receiver that re-serialises the parsed body (PlanetScale's own JavaScript example) gets the same bytes.
    expect(JSON.stringify(JSON.parse(body))).toBe(body);
  });
});
