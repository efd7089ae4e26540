// The embedded engine: Vitess's online DDL (one tablet executor per shard, vtgate's submission and
// commands on top) over plain MySQL, as a MigrationEngine. State lives in the sidecar database; the
// scheduler ticks on an interval and at once after submissions and commands.
import { VitessError, type KeyspaceInfo, type MigrationEngine, type MigrationEvent, type MigrationFilter, type MigrationTarget,
  type RevertOptions, type SchemaMigrationRow, type SubmitRequest, type ThrottleOptions, type VSchema } from '../port/index.js';
import { parseDdlStrategy, validateMigrationContext } from '../strategy/ddl-strategy.js';
import { flipFlag, retryMigration } from './commands.js';
import type { EngineContext, VSchemaStore } from './context.js';
import { newMigrationUuid, newSessionUuid } from './identity.js';
import { shardsOf } from './keyspace.js';
import { keyOf, markFailed } from './lifecycle.js';
import { Mutex } from './lock.js';
import { discardCopy } from './online/online-alter.js';
import { reconcileShard } from './reconcile.js';
import { isOnlineTableAlter } from './row-setting.js';
import type { Runtime } from './runtime.js';
import { tickShard } from './scheduler.js';
import type { MigrationKey } from './sidecar/store.js';
import { sqlTime } from './sql.js';
import { insertMigration, submitMigrations } from './submit.js';
import { TaskRegistry } from './tasks.js';
import { allMigrationsApp, ThrottleRules } from './throttle.js';
import { validateVSchema } from './vschema.js';

export interface EngineStats { ticks: number; runningTasks: number }

export class EmbeddedEngine implements MigrationEngine, Runtime {
  readonly tasks = new TaskRegistry();
  readonly throttleRules: ThrottleRules;
  private readonly lock = new Mutex();
  private readonly listeners = new Set<(event: MigrationEvent) => void>();
  private readonly sessionUuid = newSessionUuid();
  private timer: NodeJS.Timeout | null = null;
  private tickQueued = false;
  private closed = false;
  private ticks = 0;
  private lastCollect = 0;

  constructor(readonly ctx: EngineContext, private readonly vschemas: VSchemaStore, private readonly tickMs: number, private readonly gcIntervalMs: number) {
    this.throttleRules = new ThrottleRules(ctx.pool, ctx.sidecar, ctx.now);
  }

  /** Loads throttle rules and takes over what an earlier engine left; then starts ticking. */
  async start(): Promise<void> {
    await this.throttleRules.load();
    await this.lock.run(async () => {
      for (const shard of this.ctx.shards) await reconcileShard(this, shard);
    });
    if (this.tickMs > 0) this.timer = setInterval(() => this.requestTick(), this.tickMs).unref();
    this.requestTick();
  }

  emit(event: MigrationEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.ctx.log(`migration event listener failed: ${(err as Error).message}`);
      }
    }
  }

  /** Runs one scheduler tick over every shard now (for tests and tools that want determinism). */
  tick(): Promise<void> {
    return this.lock.run(() => this.tickLocked());
  }

  /** With tickMs 0 the scheduler only moves on explicit tick() calls (deterministic tests). */
  requestTick(): void {
    if (this.tickQueued || this.closed || this.tickMs === 0) return;
    this.tickQueued = true;
    void this.lock.run(async () => {
      this.tickQueued = false;
      if (!this.closed) await this.tickLocked();
    }).catch((err) => this.ctx.log(`online DDL scheduler: ${(err as Error).message}`));
  }

  private async tickLocked(): Promise<void> {
    this.ticks++;
    const collect = Date.now() - this.lastCollect >= this.gcIntervalMs;
    if (collect) this.lastCollect = Date.now();
    for (const shard of this.ctx.shards) await tickShard(this, shard, collect);
  }

  stats(): EngineStats {
    return { ticks: this.ticks, runningTasks: this.tasks.size };
  }

  async fail(row: SchemaMigrationRow, message: string): Promise<void> {
    const shard = this.ctx.shards.find((s) => s.keyspace === row.keyspace && s.shard === row.shard)!;
    if (isOnlineTableAlter(row) && row.reverted_uuid === '') await discardCopy(this, row, shard);
    else await this.tasks.stop(row.migration_uuid, row.shard);
    await markFailed(this.ctx, keyOf(row), message);
    this.requestTick();
  }

  failLater(key: MigrationKey, message: string): void {
    void this.lock.run(async () => {
      const row = await this.ctx.store.get(key);
      if (row && row.migration_status === 'running') await this.fail(row, message);
    }).catch((err) => this.ctx.log(`failing migration ${key.uuid}: ${(err as Error).message}`));
  }

  async submit(request: SubmitRequest): Promise<string[]> {
    const submitted = await this.lock.run(() => submitMigrations(this.ctx, request, this.sessionUuid));
    if (submitted.uuids.length > 0) this.emit({ type: 'submitted', keyspace: request.keyspace, uuids: submitted.uuids, context: submitted.context });
    this.requestTick();
    return submitted.uuids;
  }

  async showMigrations(filter: MigrationFilter): Promise<SchemaMigrationRow[]> {
    shardsOf(this.ctx, filter.keyspace);
    const { store } = this.ctx;
    if ('uuid' in filter) return store.byUuid(filter.keyspace, filter.uuid);
    if ('context' in filter) return store.byContext(filter.keyspace, filter.context);
    if ('like' in filter) return store.like(filter.keyspace, filter.like);
    return store.inKeyspace(filter.keyspace);
  }

  async showMigrationsByContexts(keyspace: string, contexts: readonly string[]): Promise<SchemaMigrationRow[]> {
    shardsOf(this.ctx, keyspace);
    return this.ctx.store.byContexts(keyspace, contexts);
  }

  complete(keyspace: string, target: MigrationTarget): Promise<number> {
    return this.command(() => flipFlag(this.ctx, 'COMPLETE', keyspace, target));
  }

  launch(keyspace: string, target: MigrationTarget, shards?: readonly string[]): Promise<number> {
    return this.command(() => flipFlag(this.ctx, 'LAUNCH', keyspace, target, shards));
  }

  forceCutover(keyspace: string, target: MigrationTarget): Promise<number> {
    return this.command(() => flipFlag(this.ctx, 'FORCE_CUTOVER', keyspace, target));
  }

  cleanup(keyspace: string, target: MigrationTarget): Promise<number> {
    this.lastCollect = 0; // collect on the next tick rather than at the next GC interval
    return this.command(() => flipFlag(this.ctx, 'CLEANUP', keyspace, target));
  }

  retry(keyspace: string, uuid: string): Promise<number> {
    return this.command(() => retryMigration(this.ctx, keyspace, uuid));
  }

  cancel(keyspace: string, target: MigrationTarget): Promise<number> {
    return this.command(async () => {
      shardsOf(this.ctx, keyspace);
      const all = !('uuid' in target);
      const rows = all ? await this.ctx.store.pendingInKeyspace(keyspace) : await this.ctx.store.byUuid(keyspace, target.uuid);
      if (!all && rows.length === 0) throw new VitessError('migration not found', 1105, 'not_found');
      let affected = 0;
      for (const row of rows) affected += await this.cancelOne(row, all ? 'CANCEL ALL issued by user' : 'CANCEL issued by user');
      return affected;
    });
  }

  /** Vitess's CancelMigration: 1 for a queued/ready migration, or a running one whose copy stream was stopped. */
  private async cancelOne(row: SchemaMigrationRow, message: string): Promise<number> {
    if (row.migration_status === 'complete' || row.migration_status === 'failed' || row.migration_status === 'cancelled') return 0;
    await this.ctx.store.update(keyOf(row), { cancelled_timestamp: sqlTime(this.ctx.now()) });
    const wasRunningStream = row.migration_status === 'running' && isOnlineTableAlter(row);
    await this.fail(row, message);
    return row.migration_status === 'running' && !wasRunningStream ? 0 : 1;
  }

  async throttle(keyspace: string, target: MigrationTarget, options: ThrottleOptions = {}): Promise<void> {
    shardsOf(this.ctx, keyspace);
    const ratio = options.ratio ?? 1;
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new VitessError(`invalid RATIO value: ${ratio}. Try any decimal number between '0.0' (no throttle) and \`1.0\` (fully throttled)`, 1105);
    }
    const expireMs = options.expireMs ?? 3_600_000;
    if (!(expireMs >= 0)) throw new VitessError(`invalid EXPIRE value: ${expireMs}ms. Try '120s', '30m', '1h', etc. Allowed units are (s)ec, (m)in, (h)hour`, 1105);
    await this.throttleRules.set(keyspace, 'uuid' in target ? target.uuid : allMigrationsApp, ratio, new Date(this.ctx.now().getTime() + expireMs));
    this.requestTick();
  }

  async unthrottle(keyspace: string, target: MigrationTarget): Promise<void> {
    shardsOf(this.ctx, keyspace);
    await this.throttleRules.remove(keyspace, 'uuid' in target ? target.uuid : allMigrationsApp);
    this.requestTick();
  }

  async revert(keyspace: string, uuid: string, options: RevertOptions = {}): Promise<string> {
    const shards = shardsOf(this.ctx, keyspace);
    const setting = { ...parseDdlStrategy(options.ddlStrategy ?? ''), strategy: 'online' as const };
    const context = options.migrationContext || `vtgate:${this.sessionUuid}`;
    validateMigrationContext(context);
    const revertUuid = newMigrationUuid(this.ctx.now());
    await this.lock.run(() => insertMigration(this.ctx, shards, revertUuid, setting, context, {
      mysql_table: '', migration_statement: `revert vitess_migration '${uuid}'`, ddl_action: 'revert', reverted_uuid: uuid,
      allow_concurrent: setting.flags.has('allow-concurrent') ? 1 : 0,
    }));
    this.emit({ type: 'submitted', keyspace, uuids: [revertUuid], context });
    this.requestTick();
    return revertUuid;
  }

  async keyspaces(): Promise<KeyspaceInfo[]> {
    return [...this.ctx.keyspaces.values()].map((k) => ({ name: k.name, sharded: k.sharded, shards: k.shards.map((s) => s.name) }));
  }

  async getVSchema(keyspace: string): Promise<VSchema> {
    const ks = this.ctx.keyspaces.get(keyspace);
    shardsOf(this.ctx, keyspace);
    return (await this.vschemas.get(keyspace)) ?? (ks!.sharded ? { sharded: true } : {});
  }

  async applyVSchema(keyspace: string, vschema: VSchema): Promise<void> {
    shardsOf(this.ctx, keyspace);
    validateVSchema(vschema);
    await this.vschemas.put(keyspace, vschema);
    this.emit({ type: 'vschema_applied', keyspace });
  }

  subscribe(listener: (event: MigrationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops ticking and the engine's tasks; running migrations stay `running` for the next engine to resume. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.tasks.stopAll();
    await this.lock.run(async () => undefined);
  }

  private async command(work: () => Promise<number>): Promise<number> {
    const affected = await this.lock.run(work);
    this.requestTick();
    return affected;
  }
}

