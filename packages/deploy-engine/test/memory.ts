// In-memory stand-ins for the processor's ports, for testing the processor's own logic (ordering,
// persistence, idempotence, restarts). End-to-end tests elsewhere use the real embedded Vitess engine.
import { schemaMigrationColumns, type MigrationEngine, type MigrationTarget, type MigrationEvent, type SchemaMigrationRow, type VSchema } from '@localscale/vitess';
import type { DeployRequestEvent } from '../src/machine/events.js';
import type { DeployRequest } from '../src/machine/model.js';
import type { DeployStore, DeployTargets } from '../src/processor/ports.js';
import type { PrepareResult } from '../src/machine/prepare.js';

const uuidOf = (t: MigrationTarget) => ('uuid' in t ? t.uuid : 'all');

export class MemoryStore implements DeployStore {
  readonly rows = new Map<string, DeployRequest>();
  saves = 0;
  /** What every successful save announced, in order, with the state it was announced in. */
  readonly announced: { event: DeployRequestEvent; state: string }[] = [];
  async listWorkable() {
    return [...this.rows.values()].filter((dr) => !dr.deployment.finalized || ['queued', 'pending'].includes(dr.deployment.state)).map((dr) => structuredClone(dr));
  }
  async get(id: string) { const dr = this.rows.get(id); return dr && structuredClone(dr); }
  async save(next: DeployRequest, expectedVersion: number, events: readonly DeployRequestEvent[] = []) {
    const current = this.rows.get(next.id);
    if (current && current.version !== expectedVersion) return false;
    this.saves++;
    for (const event of events) this.announced.push({ event, state: next.deployment.state });
    this.rows.set(next.id, { ...structuredClone(next), version: expectedVersion + 1 });
    return true;
  }
  async withDatabaseLock<T>(_db: string, work: () => Promise<T>) { return work(); }
}

/** A Vitess stand-in: rows advance one status per `step()`, as Vitess's scheduler would. */
export class FakeEngine implements Partial<MigrationEngine> {
  readonly rows: SchemaMigrationRow[] = [];
  readonly vschemas = new Map<string, VSchema>();
  readonly calls: string[] = [];
  private listeners: ((e: MigrationEvent) => void)[] = [];
  private n = 0;
  failNextSubmit: Error | undefined;

  async submit(req: { keyspace: string; sql: string | readonly string[]; ddlStrategy: string; migrationContext: string }) {
    if (this.failNextSubmit) { const e = this.failNextSubmit; this.failNextSubmit = undefined; throw e; }
    this.calls.push(`submit ${req.keyspace} ${String(req.sql)}`);
    const uuid = `uuid_${++this.n}`;
    const postponed = req.ddlStrategy.includes('--postpone-completion');
    for (const shard of ['-80', '80-']) this.rows.push(this.row({ migration_uuid: uuid, keyspace: req.keyspace, shard, migration_context: req.migrationContext, postpone_completion: postponed ? 1 : 0, migration_statement: String(req.sql) }));
    return [uuid];
  }
  async showMigrationsByContexts(keyspace: string, contexts: readonly string[]) {
    return this.rows.filter((r) => r.keyspace === keyspace && contexts.includes(r.migration_context)).map((r) => ({ ...r }));
  }
  private set(uuid: string, fields: Partial<SchemaMigrationRow>) { for (const r of this.rows) if (r.migration_uuid === uuid) Object.assign(r, fields); return 2; }
  async complete(_k: string, t: MigrationTarget) { this.calls.push(`complete ${uuidOf(t)}`); return this.set(uuidOf(t), { postpone_completion: 0 }); }
  async cancel(_k: string, t: MigrationTarget) { this.calls.push(`cancel ${uuidOf(t)}`); return this.set(uuidOf(t), { migration_status: 'cancelled' }); }
  async forceCutover(_k: string, t: MigrationTarget) { this.calls.push(`force ${uuidOf(t)}`); return this.set(uuidOf(t), { force_cutover: 1 }); }
  async cleanup(_k: string, t: MigrationTarget) { this.calls.push(`cleanup ${uuidOf(t)}`); return this.set(uuidOf(t), { cleanup_timestamp: '2026-01-01 00:00:00' }); }
  async throttle(_k: string, t: MigrationTarget, o?: { ratio?: number }) { this.calls.push(`throttle ${uuidOf(t)} ${o?.ratio}`); this.set(uuidOf(t), { user_throttle_ratio: o?.ratio ?? 1 }); }
  async unthrottle(_k: string, t: MigrationTarget) { this.calls.push(`unthrottle ${uuidOf(t)}`); }
  async revert(keyspace: string, uuid: string, o?: { migrationContext?: string }) {
    this.calls.push(`revert ${uuid}`);
    const revertUuid = `uuid_${++this.n}`;
    for (const shard of ['-80', '80-']) this.rows.push(this.row({ migration_uuid: revertUuid, keyspace, shard, migration_context: o?.migrationContext ?? '', ddl_action: 'revert', reverted_uuid: uuid, postpone_completion: 0 }));
    return revertUuid;
  }
  async applyVSchema(keyspace: string, v: VSchema) { this.calls.push(`vschema ${keyspace} ${JSON.stringify(v)}`); this.vschemas.set(keyspace, v); }
  subscribe(l: (e: MigrationEvent) => void) { this.listeners.push(l); return () => undefined; }

  /** One scheduler step for every pending row. */
  step() {
    for (const r of this.rows) {
      if (r.migration_status === 'queued') Object.assign(r, { migration_status: 'running' });
      else if (r.migration_status === 'running' && r.ready_to_complete === 0) Object.assign(r, { ready_to_complete: 1, progress: 100 });
      else if (r.migration_status === 'running' && r.postpone_completion === 0) Object.assign(r, { migration_status: 'complete', completed_timestamp: `2026-01-20 10:00:${String(r.id).padStart(2, '0')}` });
    }
    for (const l of this.listeners) l({ type: 'vschema_applied', keyspace: 'x' });
  }
  fail(uuid: string, message: string) { this.set(uuid, { migration_status: 'failed', message }); }

  private row(fields: Partial<SchemaMigrationRow>): SchemaMigrationRow {
    const base = Object.fromEntries(schemaMigrationColumns.map((c) => [c, null])) as unknown as SchemaMigrationRow;
    return { ...base, id: this.rows.length + 1, migration_status: 'queued', ready_to_complete: 0, ddl_action: 'alter', message: '', reverted_uuid: '', force_cutover: 0, cleanup_timestamp: null, completed_timestamp: null, progress: 0, ...fields };
  }
}

export function targets(engine: FakeEngine, prepare: (dr: DeployRequest) => PrepareResult, extra: Partial<DeployTargets> = {}): DeployTargets & { deleted: string[] } {
  const deleted: string[] = [];
  return {
    deleted,
    engineFor: async () => engine as unknown as MigrationEngine,
    prepare: async (dr) => prepare(dr),
    deleteBranch: async (dr) => { deleted.push(dr.branch); },
    requireApproval: async () => false,
    ...extra,
  };
}
