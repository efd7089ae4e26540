// Webhooks and their delivery outbox as stored. A delivery is written in the same transaction as the
// change that caused it (a deploy request's save, a branch becoming ready), so a change is never
// committed without its deliveries; the server's dispatcher reads the outbox, one delivery at a time
// per webhook, in id order. Times come in from the caller's clock; nothing here reads the wall clock.
import { invalid, notFound } from '../errors.js';
import { fromSqlTime, inTransaction, toSqlTime, type Pool, type Queryable, type ResultHeader, type Row } from '../sql/pool.js';
import { newId } from './ids.js';
import type { Page, PageOf } from './records.js';
import { pageOf } from './rows.js';

export interface WebhookRecord {
  id: string; databaseId: string; url: string; secret: string; enabled: boolean; events: string[];
  lastSentResult: string | null; lastSentSuccess: boolean; lastSentAt: string | null; lastTestAt: string | null;
  consecutiveFailures: number; createdAt: string; updatedAt: string;
}

/** pending: waiting for its turn or a retry; delivered; failed: retries exhausted; skipped: its webhook was disabled or changed. */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface DeliveryRecord {
  id: number; webhookId: string; event: string; body: string; state: DeliveryState; attempts: number;
  nextAttemptAt: string; createdAt: string; finishedAt: string | null;
}

export interface AttemptRecord {
  deliveryId: number; attempt: number; startedAt: string; durationMs: number | null; httpStatus: number | null; success: boolean; error: string | null;
}

const t = (v: unknown) => fromSqlTime((v as string | null) ?? null);
const sql = (d: Date) => toSqlTime(d);

const toWebhook = (r: Row): WebhookRecord => ({
  id: r.id, databaseId: r.database_id, url: r.url, secret: r.secret, enabled: Number(r.enabled) === 1, events: JSON.parse(r.events) as string[],
  lastSentResult: r.last_sent_result, lastSentSuccess: Number(r.last_sent_success) === 1, lastSentAt: t(r.last_sent_at),
  lastTestAt: t(r.last_test_at), consecutiveFailures: Number(r.consecutive_failures), createdAt: t(r.created_at)!, updatedAt: t(r.updated_at)!,
});

const toDelivery = (r: Row): DeliveryRecord => ({
  id: Number(r.id), webhookId: r.webhook_id, event: r.event, body: r.body, state: r.state, attempts: Number(r.attempts),
  nextAttemptAt: t(r.next_attempt_at)!, createdAt: t(r.created_at)!, finishedAt: t(r.finished_at),
});

const toAttempt = (r: Row): AttemptRecord => ({
  deliveryId: Number(r.delivery_id), attempt: Number(r.attempt), startedAt: t(r.started_at)!,
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms), httpStatus: r.http_status === null ? null : Number(r.http_status),
  success: Number(r.success) === 1, error: r.error,
});

export interface NewWebhook { databaseId: string; url: string; secret: string; enabled: boolean; events: readonly string[] }

/**
 * Creates a webhook unless the database already has `limit` of them; the database row is locked while
 * counting, so simultaneous creations cannot pass the limit together.
 */
export async function insertWebhook(pool: Pool, input: NewWebhook, limit: number, now: Date): Promise<WebhookRecord> {
  return inTransaction(pool, async (tx) => {
    await tx.query('SELECT id FROM `databases` WHERE id = ? FOR UPDATE', [input.databaseId]);
    const [[count]] = await tx.query<Row[]>('SELECT COUNT(*) AS n FROM `webhooks` WHERE database_id = ?', [input.databaseId]);
    if (Number(count!.n) >= limit) throw invalid(`A database can have at most ${limit} webhooks`);
    const id = newId();
    await tx.query(`INSERT INTO \`webhooks\` (id, database_id, url, secret, enabled, events, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.databaseId, input.url, input.secret, input.enabled ? 1 : 0, JSON.stringify(input.events), sql(now), sql(now)]);
    return getWebhook(tx, input.databaseId, id);
  });
}

export async function getWebhook(db: Queryable, databaseId: string, id: string): Promise<WebhookRecord> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `webhooks` WHERE database_id = ? AND id = ?', [databaseId, id]);
  if (!rows[0]) throw notFound(`webhook ${id} not found`);
  return toWebhook(rows[0]);
}

export async function findWebhookById(db: Queryable, id: string): Promise<WebhookRecord | undefined> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `webhooks` WHERE id = ?', [id]);
  return rows[0] ? toWebhook(rows[0]) : undefined;
}

export async function listWebhooks(db: Queryable, databaseId: string, page: Page): Promise<PageOf<WebhookRecord>> {
  return pageOf(db, { columns: '*', from: '`webhooks`', where: 'database_id = ?', order: 'created_at, id', args: [databaseId] }, page, toWebhook);
}

export interface WebhookChanges { url?: string; enabled?: boolean; events?: readonly string[] }

/** Disabling a webhook, or pointing it elsewhere, drops what it had not delivered yet. */
export async function updateWebhook(pool: Pool, databaseId: string, id: string, changes: WebhookChanges, now: Date): Promise<WebhookRecord> {
  return inTransaction(pool, async (tx) => {
    const current = await getWebhook(tx, databaseId, id);
    const next = { url: changes.url ?? current.url, enabled: changes.enabled ?? current.enabled, events: changes.events ?? current.events };
    // Enabling again starts a fresh count of failures.
    const failures = next.enabled && !current.enabled ? 0 : current.consecutiveFailures;
    await tx.query('UPDATE `webhooks` SET url = ?, enabled = ?, events = ?, consecutive_failures = ?, updated_at = ? WHERE id = ?',
      [next.url, next.enabled ? 1 : 0, JSON.stringify(next.events), failures, sql(now), id]);
    if (!next.enabled || next.url !== current.url) await skipPending(tx, id, now);
    return getWebhook(tx, databaseId, id);
  });
}

export async function deleteWebhook(db: Queryable, databaseId: string, id: string): Promise<void> {
  const [res] = await db.query<ResultHeader>('DELETE FROM `webhooks` WHERE database_id = ? AND id = ?', [databaseId, id]);
  if (res.affectedRows === 0) throw notFound(`webhook ${id} not found`);
}

/** Records a test send unless one was made less than `minIntervalMs` ago; false when refused. */
export async function claimTestSend(db: Queryable, id: string, now: Date, minIntervalMs: number): Promise<boolean> {
  const [res] = await db.query<ResultHeader>(
    'UPDATE `webhooks` SET last_test_at = ? WHERE id = ? AND (last_test_at IS NULL OR last_test_at <= ?)',
    [sql(now), id, sql(new Date(now.getTime() - minIntervalMs))]);
  return res.affectedRows === 1;
}

/** Enabled webhooks of a database subscribed to `event`. */
export async function subscribedWebhooks(db: Queryable, databaseId: string, event: string): Promise<WebhookRecord[]> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `webhooks` WHERE database_id = ? AND enabled = 1 ORDER BY created_at, id', [databaseId]);
  return rows.map(toWebhook).filter((w) => w.events.includes(event));
}

export interface NewDelivery { webhookId: string; event: string; body: string }

/** Writes deliveries, due at once; call it inside the transaction of the change they announce. */
export async function enqueueDeliveries(db: Queryable, deliveries: readonly NewDelivery[], now: Date): Promise<void> {
  if (!deliveries.length) return;
  await db.query(`INSERT INTO \`webhook_deliveries\` (webhook_id, event, body, state, attempts, next_attempt_at, created_at) VALUES ${deliveries.map(() => '(?, ?, ?, \'pending\', 0, ?, ?)').join(', ')}`,
    deliveries.flatMap((d) => [d.webhookId, d.event, d.body, sql(now), sql(now)]));
}

/**
 * The delivery each enabled webhook must make next (its oldest pending one), whether it is due or not:
 * a webhook's deliveries go out one at a time, in order.
 */
export async function nextDeliveries(db: Queryable, limit: number): Promise<DeliveryRecord[]> {
  const [rows] = await db.query<Row[]>(`SELECT d.* FROM \`webhook_deliveries\` d
      JOIN (SELECT webhook_id, MIN(id) AS id FROM \`webhook_deliveries\` WHERE state = 'pending' GROUP BY webhook_id) head ON head.id = d.id
      JOIN \`webhooks\` w ON w.id = d.webhook_id AND w.enabled = 1
    ORDER BY d.next_attempt_at, d.id LIMIT ${Math.max(1, Math.floor(limit))}`);
  return rows.map(toDelivery);
}

/**
 * Takes a delivery for one attempt: its attempt count moves on and it is not due again before
 * `leaseUntil`, so a LocalScale that dies mid-attempt leaves it to be retried after a restart (at least
 * once). False when another dispatcher took it first.
 */
export async function claimDelivery(pool: Pool, d: Pick<DeliveryRecord, 'id' | 'attempts'>, now: Date, leaseUntil: Date): Promise<boolean> {
  return inTransaction(pool, async (tx) => {
    const [res] = await tx.query<ResultHeader>(
      `UPDATE \`webhook_deliveries\` SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND attempts = ? AND state = 'pending'`,
      [sql(leaseUntil), d.id, d.attempts]);
    if (res.affectedRows !== 1) return false;
    await tx.query('INSERT INTO `webhook_delivery_attempts` (delivery_id, attempt, started_at) VALUES (?, ?, ?)', [d.id, d.attempts + 1, sql(now)]);
    return true;
  });
}

export interface AttemptOutcome { durationMs: number; httpStatus: number | null; success: boolean; error: string | null; summary: string }

export interface AttemptSettlement {
  delivery: { state: DeliveryState; nextAttemptAt: Date | null };
  webhook: { consecutiveFailures: number; disable: boolean };
}

/** Records how an attempt went and what follows (decided by the caller's policy), in one transaction. */
export async function settleAttempt(pool: Pool, d: Pick<DeliveryRecord, 'id' | 'webhookId'>, attempt: number, outcome: AttemptOutcome,
  settlement: AttemptSettlement, now: Date): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await tx.query('UPDATE `webhook_delivery_attempts` SET duration_ms = ?, http_status = ?, success = ?, error = ? WHERE delivery_id = ? AND attempt = ?',
      [Math.max(0, Math.round(outcome.durationMs)), outcome.httpStatus, outcome.success ? 1 : 0, outcome.error, d.id, attempt]);
    const { state, nextAttemptAt } = settlement.delivery;
    await tx.query('UPDATE `webhook_deliveries` SET state = ?, next_attempt_at = COALESCE(?, next_attempt_at), finished_at = ? WHERE id = ?',
      [state, nextAttemptAt && sql(nextAttemptAt), state === 'pending' ? null : sql(now), d.id]);
    await tx.query(`UPDATE \`webhooks\` SET last_sent_result = ?, last_sent_success = ?, last_sent_at = ?, consecutive_failures = ?,
        enabled = IF(?, 0, enabled) WHERE id = ?`,
    [outcome.summary, outcome.success ? 1 : 0, sql(now), settlement.webhook.consecutiveFailures, settlement.webhook.disable ? 1 : 0, d.webhookId]);
    if (settlement.webhook.disable) await skipPending(tx, d.webhookId, now);
  });
}

async function skipPending(db: Queryable, webhookId: string, now: Date): Promise<void> {
  await db.query(`UPDATE \`webhook_deliveries\` SET state = 'skipped', finished_at = ? WHERE webhook_id = ? AND state = 'pending'`, [sql(now), webhookId]);
}

export interface DeliveryFilter { databaseId?: string; webhookId?: string }
export interface DeliveryWithAttempts extends DeliveryRecord { databaseId: string; url: string; attemptLog: AttemptRecord[] }

/** The newest deliveries first, each with its attempts in order. */
export async function listDeliveries(db: Queryable, filter: DeliveryFilter, limit: number): Promise<DeliveryWithAttempts[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.databaseId) { where.push('w.database_id = ?'); args.push(filter.databaseId); }
  if (filter.webhookId) { where.push('d.webhook_id = ?'); args.push(filter.webhookId); }
  const [rows] = await db.query<Row[]>(`SELECT d.*, w.database_id AS database_id, w.url AS url FROM \`webhook_deliveries\` d
      JOIN \`webhooks\` w ON w.id = d.webhook_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY d.id DESC LIMIT ${Math.max(1, Math.floor(limit))}`, args);
  if (!rows.length) return [];
  const [attempts] = await db.query<Row[]>(
    `SELECT * FROM \`webhook_delivery_attempts\` WHERE delivery_id IN (${rows.map(() => '?').join(', ')}) ORDER BY delivery_id, attempt`,
    rows.map((r) => r.id));
  const byDelivery = new Map<number, AttemptRecord[]>();
  for (const a of attempts.map(toAttempt)) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
  return rows.map((r) => ({ ...toDelivery(r), databaseId: r.database_id, url: r.url, attemptLog: byDelivery.get(Number(r.id)) ?? [] }));
}
