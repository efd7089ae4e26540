// Deploy requests and their reviews as stored. The API's reads (by number, lists, the queue, review
// counts) go through the metadata cache (cache.ts), which every write here invalidates; the
// processor's own reads (findDeployRequest, listWorkableDeployRequests) always reach SQL. The deployment, plan and actors are JSON documents
// owned by the deploy engine and the server; this module only stores them and the columns queries
// need (state, numbers, the work index). Every change to a request, who made it included, is one
// versioned save (saveDeployRequest).
import { notFound } from '../errors.js';
import { fromSqlTime, inTransaction, toSqlTime, type Pool, type Queryable, type ResultHeader, type Row } from '../sql/pool.js';
import { cachedRead, writing } from './cache.js';
import { newId } from './ids.js';
import type { Page, PageOf } from './records.js';
import { limitClause, pageOf } from './rows.js';
import { enqueueDeliveries, type NewDelivery } from './webhooks.js';

export interface DeployRequestRecord {
  id: string; databaseId: string; number: number; branch: string; branchId: string; intoBranch: string;
  state: 'open' | 'closed'; deploymentState: string; deploymentId: string; approved: boolean; notes: string;
  actorId: string | null; closedBy: string | null; closedAt: string | null; deployedAt: string | null; queuedAt: string | null;
  branchDeleted: boolean; branchDeletedAt: string | null; branchDeletedBy: string | null; finalized: boolean;
  deployment: unknown; plan: unknown; actors: Record<string, string | null>; version: number;
  createdAt: string; updatedAt: string;
}

export interface ReviewRecord { id: string; deployRequestId: string; state: 'approved' | 'commented'; body: string; actorId: string | null; createdAt: string; updatedAt: string }

const t = (v: unknown) => fromSqlTime((v as string | null) ?? null);
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(String(v)));

const toRecord = (r: Row): DeployRequestRecord => ({
  id: r.id, databaseId: r.database_id, number: Number(r.number), branch: r.branch, branchId: r.branch_id, intoBranch: r.into_branch,
  state: r.state, deploymentState: r.deployment_state, deploymentId: r.deployment_id, approved: Number(r.approved) === 1, notes: r.notes,
  actorId: r.actor_id, closedBy: r.closed_by, closedAt: t(r.closed_at), deployedAt: t(r.deployed_at), queuedAt: t(r.queued_at),
  branchDeleted: Number(r.branch_deleted) === 1, branchDeletedAt: t(r.branch_deleted_at), branchDeletedBy: r.branch_deleted_by,
  finalized: Number(r.finalized) === 1, deployment: json(r.deployment), plan: json(r.plan), actors: json(r.actors) ?? {},
  version: Number(r.version), createdAt: t(r.created_at)!, updatedAt: t(r.updated_at)!,
});

const sqlTime = (iso: string | null) => (iso === null ? null : toSqlTime(new Date(iso)));

export type NewDeployRequest = Omit<DeployRequestRecord, 'id' | 'number' | 'version' | 'createdAt' | 'updatedAt' | 'deploymentId'>;

export interface InsertOptions {
  /**
   * Webhook deliveries announcing the new request, written in the same transaction (so a request is
   * never opened without them); given the request as inserted.
   */
  deliveries?(record: DeployRequestRecord): Promise<readonly NewDelivery[]>;
  /** The time of the deliveries (the caller's clock). */
  now?: Date;
}

/** Numbers are per database, allocated under a lock on the database's requests. */
export async function insertDeployRequest(pool: Pool, input: NewDeployRequest, options: InsertOptions = {}): Promise<DeployRequestRecord> {
  // The cache forgets once the transaction has committed (see cache.ts).
  return writing(() => inTransaction(pool, async (tx) => {
    await tx.query('SELECT id FROM `databases` WHERE id = ? FOR UPDATE', [input.databaseId]);
    const [[max]] = await tx.query<Row[]>('SELECT COALESCE(MAX(number), 0) AS n FROM `deploy_requests` WHERE database_id = ?', [input.databaseId]);
    const number = Number(max!.n) + 1;
    const id = newId();
    const now = toSqlTime(new Date());
    await tx.query(`INSERT INTO \`deploy_requests\` (id, database_id, number, branch, branch_id, into_branch, state, deployment_state,
        deployment_id, approved, notes, actor_id, closed_by, closed_at, deployed_at, queued_at, branch_deleted, branch_deleted_at,
        branch_deleted_by, finalized, deployment, plan, actors, version, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    [id, input.databaseId, number, input.branch, input.branchId, input.intoBranch, input.state, input.deploymentState, newId(),
      input.approved ? 1 : 0, input.notes, input.actorId, input.closedBy, sqlTime(input.closedAt), sqlTime(input.deployedAt),
      sqlTime(input.queuedAt), input.branchDeleted ? 1 : 0, sqlTime(input.branchDeletedAt), input.branchDeletedBy, input.finalized ? 1 : 0,
      JSON.stringify(input.deployment), input.plan === null ? null : JSON.stringify(input.plan), JSON.stringify(input.actors), now, now]);
    const [rows] = await tx.query<Row[]>('SELECT * FROM `deploy_requests` WHERE id = ?', [id]);
    const record = toRecord(rows[0]!);
    if (options.deliveries) await enqueueDeliveries(tx, await options.deliveries(record), options.now ?? new Date());
    return record;
  }));
}

export async function findDeployRequest(db: Queryable, id: string): Promise<DeployRequestRecord | undefined> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `deploy_requests` WHERE id = ?', [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function getDeployRequestByNumber(db: Queryable, databaseId: string, number: number): Promise<DeployRequestRecord> {
  // The API's reads are cached (cache.ts); the processor reads with findDeployRequest, never cached.
  const found = await cachedRead(db, `dr\u0000${databaseId}\u0000${number}`, async () => {
    const [rows] = await db.query<Row[]>('SELECT * FROM `deploy_requests` WHERE database_id = ? AND number = ?', [databaseId, number]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  });
  if (!found) throw notFound(`deploy request ${number} not found`);
  return found;
}

/** An inclusive time range; either end may be open. ISO-8601 strings. */
export interface TimeRange { from: string | null; to: string | null }

export interface DeployRequestFilter {
  state?: 'open' | 'closed' | 'deployed'; branch?: string; intoBranch?: string;
  /** Deployed (deployed_at) within the range. */
  deployedAt?: TimeRange;
  /** The deployment ran (started, and not finished before the range began) within the range. */
  runningAt?: TimeRange;
}

export async function listDeployRequests(db: Queryable, databaseId: string, filter: DeployRequestFilter, page: Page): Promise<PageOf<DeployRequestRecord>> {
  const where = ['database_id = ?'];
  const args: unknown[] = [databaseId];
  if (filter.state === 'deployed') where.push('deployed_at IS NOT NULL');
  else if (filter.state) { where.push('state = ?'); args.push(filter.state); }
  if (filter.branch) { where.push('branch = ?'); args.push(filter.branch); }
  if (filter.intoBranch) { where.push('into_branch = ?'); args.push(filter.intoBranch); }
  if (filter.deployedAt?.from) { where.push('deployed_at >= ?'); args.push(sqlTime(filter.deployedAt.from)); }
  if (filter.deployedAt?.to) { where.push('deployed_at <= ?'); args.push(sqlTime(filter.deployedAt.to)); }
  if (filter.runningAt) {
    // Timestamps in the deployment document are ISO-8601 UTC, so they compare as strings.
    where.push("JSON_VALUE(deployment, '$.startedAt') IS NOT NULL");
    if (filter.runningAt.to) { where.push("JSON_VALUE(deployment, '$.startedAt') <= ?"); args.push(filter.runningAt.to); }
    if (filter.runningAt.from) { where.push("(JSON_VALUE(deployment, '$.finishedAt') IS NULL OR JSON_VALUE(deployment, '$.finishedAt') >= ?)"); args.push(filter.runningAt.from); }
  }
  const clause = where.join(' AND ');
  return cachedRead(db, `drs\u0000${JSON.stringify([clause, args, page])}`,
    () => pageOf(db, { columns: '*', from: '`deploy_requests`', where: clause, order: 'number DESC', args }, page, toRecord));
}

/** Requests whose deployment_state is one of `states`, or whose after-completion work is not done. */
export async function listWorkableDeployRequests(db: Queryable, states: readonly string[]): Promise<DeployRequestRecord[]> {
  const [rows] = await db.query<Row[]>(
    `SELECT * FROM \`deploy_requests\` WHERE finalized = 0 OR deployment_state IN (${states.map(() => '?').join(', ')}) ORDER BY database_id, number`,
    [...states]);
  return rows.map(toRecord);
}

export async function listDeployRequestsInStates(db: Queryable, databaseId: string, states: readonly string[]): Promise<DeployRequestRecord[]> {
  return cachedRead(db, `drstates\u0000${databaseId}\u0000${states.join('\u0000')}`, async () => {
    const [rows] = await db.query<Row[]>(
      `SELECT * FROM \`deploy_requests\` WHERE database_id = ? AND deployment_state IN (${states.map(() => '?').join(', ')}) ORDER BY queued_at, number`,
      [databaseId, ...states]);
    return rows.map(toRecord);
  });
}

/** Optimistic update: only when the stored version is `expectedVersion`. */
export async function saveDeployRequest(db: Queryable, r: DeployRequestRecord, expectedVersion: number): Promise<boolean> {
  const [res] = await writing(() => db.query<ResultHeader>(`UPDATE \`deploy_requests\` SET state = ?, deployment_state = ?, approved = ?, notes = ?,
      closed_by = ?, closed_at = ?, deployed_at = ?, queued_at = ?, branch_deleted = ?, branch_deleted_at = ?, branch_deleted_by = ?,
      finalized = ?, deployment = ?, plan = ?, actors = ?, version = version + 1, updated_at = ?
    WHERE id = ? AND version = ?`,
  [r.state, r.deploymentState, r.approved ? 1 : 0, r.notes, r.closedBy, sqlTime(r.closedAt), sqlTime(r.deployedAt), sqlTime(r.queuedAt),
    r.branchDeleted ? 1 : 0, sqlTime(r.branchDeletedAt), r.branchDeletedBy, r.finalized ? 1 : 0, JSON.stringify(r.deployment),
    r.plan === null ? null : JSON.stringify(r.plan), JSON.stringify(r.actors), toSqlTime(new Date()), r.id, expectedVersion]));
  return res.affectedRows === 1;
}

export async function insertReview(db: Queryable, input: Omit<ReviewRecord, 'id' | 'createdAt' | 'updatedAt'>): Promise<ReviewRecord> {
  const id = newId();
  const now = toSqlTime(new Date());
  await writing(() => db.query('INSERT INTO `deploy_request_reviews` (id, deploy_request_id, state, body, actor_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [id, input.deployRequestId, input.state, input.body, input.actorId, now, now]));
  const [rows] = await db.query<Row[]>('SELECT * FROM `deploy_request_reviews` WHERE id = ?', [id]);
  return toReview(rows[0]!);
}

const toReview = (r: Row): ReviewRecord => ({
  id: r.id, deployRequestId: r.deploy_request_id, state: r.state, body: r.body, actorId: r.actor_id,
  createdAt: t(r.created_at)!, updatedAt: t(r.updated_at)!,
});

export async function listReviews(db: Queryable, deployRequestId: string, page?: Page): Promise<PageOf<ReviewRecord>> {
  const [rows] = await db.query<Row[]>(`SELECT * FROM \`deploy_request_reviews\` WHERE deploy_request_id = ? ORDER BY created_at, id ${page ? limitClause(page) : ''}`, [deployRequestId]);
  const [[count]] = await db.query<Row[]>('SELECT COUNT(*) AS n FROM `deploy_request_reviews` WHERE deploy_request_id = ?', [deployRequestId]);
  return { items: rows.map(toReview), total: Number(count!.n) };
}

export async function getDatabaseThrottler(db: Queryable, databaseId: string): Promise<Record<string, number> | null> {
  const [rows] = await db.query<Row[]>('SELECT throttler FROM `databases` WHERE id = ?', [databaseId]);
  return json(rows[0]?.throttler ?? null);
}

export async function setDatabaseThrottler(db: Queryable, databaseId: string, ratios: Record<string, number>): Promise<void> {
  // The database's updated_at is part of its cached record.
  await writing(() => db.query('UPDATE `databases` SET throttler = ?, updated_at = ? WHERE id = ?', [JSON.stringify(ratios), toSqlTime(new Date()), databaseId]));
}

/** A session-level lock serialising work on one database's deploy requests (across processes too). */
export async function withNamedLock<T>(pool: Pool, name: string, work: () => Promise<T>, timeoutSeconds = 30): Promise<T> {
  const conn = await pool.getConnection();
  try {
    const [[got]] = await conn.query<Row[]>('SELECT GET_LOCK(?, ?) AS ok', [name.slice(0, 64), timeoutSeconds]);
    if (Number(got?.ok) !== 1) throw new Error(`timed out waiting for lock ${name}`);
    try {
      return await work();
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [name.slice(0, 64)]);
    }
  } finally {
    conn.release();
  }
}

/** Review counts of several requests in one query. */
export async function countReviews(db: Queryable, deployRequestIds: readonly string[]): Promise<Map<string, number>> {
  if (!deployRequestIds.length) return new Map();
  return cachedRead(db, `reviewcounts\u0000${deployRequestIds.join('\u0000')}`, async () => {
    const [rows] = await db.query<Row[]>(
      `SELECT deploy_request_id AS id, COUNT(*) AS n FROM \`deploy_request_reviews\` WHERE deploy_request_id IN (${deployRequestIds.map(() => '?').join(', ')}) GROUP BY deploy_request_id`,
      [...deployRequestIds]);
    return new Map(rows.map((r) => [String(r.id), Number(r.n)]));
  });
}
