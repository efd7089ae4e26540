// Runs the state machine: wakes on actions and on migration events, also polls on an interval, and
// carries out the effects the machine asks for. A tick reads the workable requests once, looks up
// migration rows once per (cluster, keyspace), persists each change before acting on it, and is
// idempotent, so a restart at any point resumes where it left off.
import { VitessError, type MigrationEngine, type SchemaMigrationRow } from '@localscale/vitess';
import { applyAction, type Action } from '../machine/actions.js';
import { decide, needsFinalizing, type TickView } from '../machine/decide.js';
import { deployRequestEventsOf } from '../machine/events.js';
import type { Effect } from '../machine/effects.js';
import { ddlKeyspaces, type DeployRequest } from '../machine/model.js';
import { blocksQueue, compareQueuePositions, failedStates, throttleableStates } from '../machine/states.js';
import { DeployActionError } from './errors.js';
import type { DeployStore, DeployTargets, ProcessorLog } from './ports.js';

export interface ProcessorOptions {
  store: DeployStore;
  targets: DeployTargets;
  intervalMs: number;
  revertWindowMs: number;
  now?: () => Date;
  log: ProcessorLog;
}

export interface TickStats { requests: number; lookups: number; changed: number; effects: number; ms: number }

const maxSaveAttempts = 5;

export class DeployProcessor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly subscribed = new WeakSet<MigrationEngine>();
  lastTick: TickStats | undefined;

  constructor(private readonly options: ProcessorOptions) {}

  private now(): string { return (this.options.now?.() ?? new Date()).toISOString(); }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.wake();
      this.timer = setTimeout(loop, this.options.intervalMs);
      this.timer.unref?.();
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Ask for a tick as soon as possible; ticks never overlap, a wake during one runs another after it. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    this.running = this.tick().then(() => undefined, (err: unknown) => {
      this.options.log.error('deploy processor tick failed', { error: err instanceof Error ? err.message : String(err) });
    }).finally(() => {
      this.running = undefined;
      if (this.again) { this.again = false; this.wake(); }
    });
  }

  /** Waits for the current tick (and any it asked for) to finish: tests and shutdown use it. */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Applies a user action for `actor` (an actor id, or null for LocalScale itself) and saves it. */
  async act(id: string, action: Action, actor: string | null = null): Promise<DeployRequest> {
    const { store, targets } = this.options;
    const first = await store.get(id);
    if (!first) throw new DeployActionError('not_found', `deploy request ${id} not found`);
    const result = await store.withDatabaseLock(first.databaseId, async () => {
      for (let attempt = 0; attempt < maxSaveAttempts; attempt++) {
        const dr = (await store.get(id))!;
        const requireApproval = action.type === 'deploy' && await targets.requireApproval(dr);
        const authorCreator = action.type === 'approve' && dr.authorId && targets.creatorOf ? await targets.creatorOf(dr.authorId) : null;
        const outcome = applyAction(dr, action, { now: this.now(), requireApproval, actor, authorCreator });
        if (!outcome.ok) throw new DeployActionError(outcome.refusal.kind, outcome.refusal.message);
        if (await store.save(outcome.next, dr.version, deployRequestEventsOf(dr, outcome.next))) return { ...outcome.next, version: dr.version + 1 };
      }
      throw new DeployActionError('conflict', 'The deploy request changed while the action was applied; try again');
    });
    if (action.type === 'throttle') await this.applyThrottle(result).catch((err: unknown) => this.options.log.warn('throttle failed', { error: String(err) }));
    this.wake();
    return result;
  }

  /** One pass over every workable request. */
  async tick(): Promise<TickStats> {
    const started = performance.now();
    const { store } = this.options;
    const requests = await store.listWorkable();
    const { rowsFor, lookups } = await this.lookUpRows(requests);
    const startable = this.startableRequests(requests);
    let changed = 0, effects = 0;
    for (const dr of requests) {
      const view: TickView = {
        now: this.now(), rows: rowsFor(dr, dr.deployment.migrationContext), revertRows: rowsFor(dr, dr.deployment.revertContext),
        canStart: startable.has(dr.id), revertWindowMs: this.options.revertWindowMs,
      };
      try {
        const outcome = await this.advance(dr, view);
        changed += outcome.changed;
        effects += outcome.effects;
      } catch (err) {
        this.options.log.warn('deploy request step failed; will retry', { deploy_request: dr.number, database: dr.databaseId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    const stats = { requests: requests.length, lookups, changed, effects, ms: performance.now() - started };
    this.lastTick = stats;
    // Something moved: look again right away instead of waiting for the interval.
    if (changed > 0 || effects > 0) this.again = true;
    return stats;
  }

  /** The first queued request of each database with nothing holding its queue. */
  private startableRequests(requests: readonly DeployRequest[]): Set<string> {
    const byDatabase = new Map<string, DeployRequest[]>();
    for (const dr of requests) byDatabase.set(dr.databaseId, [...(byDatabase.get(dr.databaseId) ?? []), dr]);
    const out = new Set<string>();
    for (const list of byDatabase.values()) {
      if (list.some((dr) => blocksQueue(dr.deployment.state))) continue;
      const first = list.filter((dr) => dr.deployment.state === 'queued')
        .sort((a, b) => compareQueuePositions({ queuedAt: a.deployment.queuedAt, number: a.number }, { queuedAt: b.deployment.queuedAt, number: b.number }))[0];
      if (first) out.add(first.id);
    }
    return out;
  }

  /** Migration rows for every request, one SHOW per (cluster, keyspace). */
  private async lookUpRows(requests: readonly DeployRequest[]) {
    const wanted = new Map<MigrationEngine, Map<string, Set<string>>>();
    const engineOf = new Map<string, MigrationEngine>();
    for (const dr of requests) {
      const contexts = [dr.deployment.migrationContext, dr.deployment.revertContext].filter((c): c is string => !!c);
      if (!contexts.length || dr.deployment.state === 'queued' || dr.deployment.state === 'pending') continue;
      const engine = await this.engineFor(dr);
      engineOf.set(dr.id, engine);
      const keyspaces = wanted.get(engine) ?? new Map<string, Set<string>>();
      for (const k of ddlKeyspaces(dr.plan)) {
        const set = keyspaces.get(k.keyspace) ?? new Set<string>();
        contexts.forEach((c) => set.add(c));
        keyspaces.set(k.keyspace, set);
      }
      wanted.set(engine, keyspaces);
    }
    const byContext = new Map<MigrationEngine, Map<string, SchemaMigrationRow[]>>();
    let lookups = 0;
    for (const [engine, keyspaces] of wanted) {
      const rows = new Map<string, SchemaMigrationRow[]>();
      for (const [keyspace, contexts] of keyspaces) {
        lookups++;
        for (const row of await engine.showMigrationsByContexts(keyspace, [...contexts])) {
          rows.set(row.migration_context, [...(rows.get(row.migration_context) ?? []), row]);
        }
      }
      byContext.set(engine, rows);
    }
    const rowsFor = (dr: DeployRequest, context: string | null): SchemaMigrationRow[] => {
      const engine = engineOf.get(dr.id);
      return context && engine ? byContext.get(engine)?.get(context) ?? [] : [];
    };
    return { rowsFor, lookups };
  }

  private async engineFor(dr: DeployRequest): Promise<MigrationEngine> {
    const engine = await this.options.targets.engineFor(dr);
    if (!this.subscribed.has(engine)) {
      this.subscribed.add(engine);
      engine.subscribe((event) => { if (event.type !== 'submitted') this.wake(); });
    }
    return engine;
  }

  private async save(dr: DeployRequest, next: DeployRequest): Promise<DeployRequest | undefined> {
    if (!(await this.options.store.save(next, dr.version, deployRequestEventsOf(dr, next)))) return undefined;
    return { ...next, version: dr.version + 1 };
  }

  /** Decide, persist, then act; returns how much happened. */
  private async advance(dr: DeployRequest, view: TickView): Promise<{ changed: number; effects: number }> {
    const decision = decide(dr, view);
    let current = dr;
    let changed = 0;
    if (decision.next !== dr) {
      const saved = await this.save(dr, decision.next);
      if (!saved) return { changed: 0, effects: 0 }; // changed under us (an action): next tick re-reads it
      current = saved;
      changed = 1;
      const state = saved.deployment.state;
      if (state !== dr.deployment.state && failedStates.has(state)) {
        this.options.log.warn('deployment failed', { deploy_request: saved.number, database: saved.databaseId, state, error: saved.deployment.error });
      }
    }
    for (const effect of decision.effects) {
      const after = await this.run(current, effect);
      if (after === null) return { changed: 1, effects: 1 }; // stopped early (e.g. failed submit persisted)
      current = after;
    }
    // A settled request whose after-completion effects (decided above) have all run is done for good.
    if (decision.next === dr && needsFinalizing(current)) {
      if (await this.save(current, { ...current, deployment: { ...current.deployment, finalized: true } })) changed = 1;
    }
    return { changed, effects: decision.effects.length };
  }

  /** Carries out one effect; returns the (possibly updated and saved) request, or null to stop. */
  private async run(dr: DeployRequest, effect: Effect): Promise<DeployRequest | null> {
    const { targets, log } = this.options;
    log.debug('deploy effect', { deploy_request: dr.number, effect: effect.type, state: dr.deployment.state });
    switch (effect.type) {
      case 'prepare': {
        const outcome = applyAction(dr, { type: 'prepared', result: await targets.prepare(dr) }, { now: this.now(), requireApproval: false, actor: null });
        return outcome.ok ? (await this.save(dr, outcome.next)) ?? null : null;
      }
      case 'submit': {
        const engine = await this.engineFor(dr);
        try {
          for (const sql of effect.statements) {
            await engine.submit({ keyspace: effect.keyspace, sql, ddlStrategy: effect.ddlStrategy, migrationContext: effect.migrationContext });
          }
        } catch (err) {
          // Vitess refused the DDL (syntax, singleton, FK...): the machine fails the deployment with its message.
          if (err instanceof VitessError && err.kind !== 'unavailable') {
            const outcome = applyAction(dr, { type: 'submit_refused', error: err.message }, { now: this.now(), requireApproval: false, actor: null });
            if (outcome.ok) await this.save(dr, outcome.next);
            return null;
          }
          throw err;
        }
        return dr;
      }
      case 'complete_migrations':
        for (const uuid of effect.uuids) await (await this.engineFor(dr)).complete(effect.keyspace, { uuid });
        return dr;
      case 'force_cutover':
        for (const uuid of effect.uuids) await (await this.engineFor(dr)).forceCutover(effect.keyspace, { uuid });
        return dr;
      case 'cancel_migrations':
        for (const uuid of effect.uuids) await (await this.engineFor(dr)).cancel(effect.keyspace, { uuid });
        return dr;
      case 'revert_migrations':
        for (const uuid of effect.uuids) {
          await (await this.engineFor(dr)).revert(effect.keyspace, uuid, { ddlStrategy: effect.ddlStrategy, migrationContext: effect.migrationContext });
        }
        return dr;
      case 'apply_vschema':
      case 'restore_vschema': {
        const engine = await this.engineFor(dr);
        for (const k of effect.keyspaces) {
          if (!k.vschema) continue;
          await engine.applyVSchema(k.keyspace, effect.type === 'apply_vschema' ? k.vschema.after : (k.vschema.before ?? {}));
        }
        const flag = effect.type === 'apply_vschema' ? { vschemaApplied: true } : { vschemaReverted: true };
        return (await this.save(dr, { ...dr, deployment: { ...dr.deployment, ...flag } })) ?? null;
      }
      case 'throttle':
        for (const uuid of effect.uuids) await (await this.engineFor(dr)).throttle(effect.keyspace, { uuid }, { ratio: effect.ratio / 100, expireMs: 100 * 365 * 24 * 3_600_000 });
        return dr;
      case 'cleanup_migrations':
        for (const uuid of effect.uuids) await (await this.engineFor(dr)).cleanup(effect.keyspace, { uuid });
        return dr;
      case 'delete_branch':
        await targets.deleteBranch(dr);
        return (await this.save(dr, { ...dr, branchDeleted: true })) ?? null;
    }
  }

  /** A throttle change applies at once to the request's running migrations. */
  private async applyThrottle(dr: DeployRequest): Promise<void> {
    const context = dr.deployment.migrationContext;
    if (!context || !throttleableStates.has(dr.deployment.state)) return;
    const engine = await this.engineFor(dr);
    for (const k of ddlKeyspaces(dr.plan)) {
      const rows = await engine.showMigrationsByContexts(k.keyspace, [context]);
      const ratio = (dr.deployment.throttle[k.keyspace] ?? 0) / 100;
      for (const uuid of new Set(rows.map((r) => r.migration_uuid))) {
        if (ratio > 0) await engine.throttle(k.keyspace, { uuid }, { ratio, expireMs: 100 * 365 * 24 * 3_600_000 });
        else await engine.unthrottle(k.keyspace, { uuid });
      }
    }
  }
}
