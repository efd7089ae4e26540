// User throttle rules (`ALTER VITESS_MIGRATION ... THROTTLE [EXPIRE ..] [RATIO ..]`): per keyspace,
// app name = the migration UUID, or `online-ddl` for ALL. Vitess keeps them in topo; here they live
// in the sidecar and in memory, where the row copy reads them between chunks.
import { qualified, type Pool, type Row } from '@localscale/mysql';
import { parseSqlTime, sqlTime } from './sql.js';

export const allMigrationsApp = 'online-ddl';

interface Rule { ratio: number; expireAt: Date }

/** Just inside a TIMESTAMP column's range (it ends in January 2038, in any session time zone); a longer EXPIRE, such as a
 * deploy request's "until further notice", is kept as this. */
const latestTimestamp = new Date('2038-01-01T00:00:00.000Z');

export class ThrottleRules {
  private rules = new Map<string, Rule>();
  private readonly table: string;

  constructor(private readonly pool: Pool, sidecar: string, private readonly now: () => Date) {
    this.table = qualified(sidecar, 'throttled_apps');
  }

  async load(): Promise<void> {
    const [rows] = await this.pool.query<Row[]>(`SELECT keyspace, app, ratio, expire_at FROM ${this.table}`);
    this.rules = new Map(rows.map((r) => [ruleKey(String(r.keyspace), String(r.app)), { ratio: Number(r.ratio), expireAt: parseSqlTime(String(r.expire_at))! }]));
  }

  async set(keyspace: string, app: string, ratio: number, requestedExpiry: Date): Promise<void> {
    const expireAt = requestedExpiry > latestTimestamp ? latestTimestamp : requestedExpiry;
    await this.pool.query(
      `INSERT INTO ${this.table} (keyspace, app, ratio, expire_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE ratio = VALUES(ratio), expire_at = VALUES(expire_at)`,
      [keyspace, app, ratio, sqlTime(expireAt, true)]);
    this.rules.set(ruleKey(keyspace, app), { ratio, expireAt });
  }

  /** Vitess rewrites the rule with expiry = now; removing it has the same effect. */
  async remove(keyspace: string, app: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE keyspace = ? AND app = ?`, [keyspace, app]);
    this.rules.delete(ruleKey(keyspace, app));
  }

  /** The effective ratio for a migration: the larger of the ALL rule and its own (v22). */
  ratioFor(keyspace: string, uuid: string): number {
    return Math.max(this.active(keyspace, allMigrationsApp), this.active(keyspace, uuid));
  }

  private active(keyspace: string, app: string): number {
    const rule = this.rules.get(ruleKey(keyspace, app));
    return rule && rule.expireAt > this.now() ? rule.ratio : 0;
  }
}

const ruleKey = (keyspace: string, app: string) => `${keyspace}\u0000${app}`;
