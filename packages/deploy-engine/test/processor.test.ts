// The processor with in-memory ports: the full lifecycle, the queue, failures, and restarts in every
// active state (a new processor over the same store picks up where the old one stopped).
import { describe, expect, it } from 'vitest';
import { VitessError } from '@localscale/vitess';
import { DeployProcessor } from '../src/processor/processor.js';
import { DeployActionError } from '../src/processor/errors.js';
import type { DeploymentState } from '../src/machine/states.js';
import { FakeEngine, MemoryStore, targets } from './memory.js';
import { changes, plan, request as baseRequest } from './fixtures.js';

const twoStatements = plan({ keyspaces: [{ keyspace: 'app', changes: changes('ALTER TABLE t ADD c int', 'CREATE TABLE u (id int primary key)'), vschema: null }] });
const request: typeof baseRequest = (state, overrides = {}, top = {}) => baseRequest(state, overrides, { plan: twoStatements, ...top });

const quiet = { debug() {}, warn() {}, error() {} };

function setup(options: { revertWindowMs?: number; clock?: { t: number } } = {}) {
  const store = new MemoryStore();
  const engine = new FakeEngine();
  const clock = options.clock ?? { t: Date.parse('2026-01-20T10:00:00.000Z') };
  const t = targets(engine, () => ({ ok: true, plan: plan({ keyspaces: [{ keyspace: 'app', changes: changes('ALTER TABLE t ADD c int', 'CREATE TABLE u (id int primary key)'), vschema: null }] }) }));
  const make = () => new DeployProcessor({ store, targets: t, intervalMs: 1000, revertWindowMs: options.revertWindowMs ?? 60_000, now: () => new Date(clock.t), log: quiet });
  return { store, engine, clock, targets: t, processor: make(), make };
}

const state = (store: MemoryStore, id = 'dr0000000001') => store.rows.get(id)!.deployment.state;

/** Vitess advances `steps` times; after each, the processor ticks until nothing more happens. */
async function run(p: DeployProcessor, engine?: FakeEngine, steps = 1) {
  for (let i = 0; i < steps; i++) {
    engine?.step();
    for (let n = 0; n < 20; n++) {
      const t = await p.tick();
      if (!t.changed && !t.effects) break;
    }
  }
}

describe('processor', () => {
  it('prepares, deploys gated, waits for apply, cuts over, opens and closes the revert window', async () => {
    const { store, engine, processor, clock } = setup();
    await store.save(request('pending', { migrationContext: null, revertContext: null }, { plan: null }), 0);
    await processor.tick();
    expect(state(store)).toBe('ready');

    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    expect(state(store)).toBe('queued');
    await run(processor);
    expect(state(store)).toBe('in_progress');
    expect(engine.calls.filter((c) => c.startsWith('submit'))).toEqual(['submit app ALTER TABLE t ADD c int', 'submit app CREATE TABLE u (id int primary key)']);

    await run(processor, engine, 3);
    expect(state(store)).toBe('pending_cutover');
    expect(engine.calls.some((c) => c.startsWith('complete'))).toBe(false);

    await processor.act('dr0000000001', { type: 'apply_deploy' });
    await run(processor);
    expect(engine.calls.filter((c) => c.startsWith('complete'))).toEqual(['complete uuid_1', 'complete uuid_2']);
    await run(processor, engine, 2);
    expect(state(store)).toBe('complete_pending_revert');
    expect(store.rows.get('dr0000000001')!.deployedAt).not.toBeNull();

    clock.t += 60_001;
    await run(processor);
    expect(state(store)).toBe('complete');
    expect(store.rows.get('dr0000000001')!.state).toBe('closed');
    await run(processor);
    expect(engine.calls.filter((c) => c.startsWith('cleanup'))).toEqual(['cleanup uuid_1', 'cleanup uuid_2']);
    expect(store.rows.get('dr0000000001')!.deployment.finalized).toBe(true);
    expect((await store.listWorkable()).length).toBe(0);
  });

  it('auto-apply cuts over by itself; auto-delete removes the branch when complete', async () => {
    const { store, engine, processor, targets: t } = setup();
    await store.save(request('ready', { autoCutover: true, autoDeleteBranch: true, migrationContext: null }), 0);
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await run(processor, engine, 5);
    expect(state(store)).toBe('complete_pending_revert');
    await processor.act('dr0000000001', { type: 'skip_revert' });
    await run(processor);
    expect(t.deleted).toEqual(['feature']);
    expect(store.rows.get('dr0000000001')!.branchDeleted).toBe(true);
  });

  it('queues a second deploy request until the first one leaves the queue', async () => {
    const { store, engine, processor } = setup();
    await store.save(request('ready', { migrationContext: null }), 0);
    await store.save(request('ready', { migrationContext: null }, { id: 'dr0000000002', number: 2 }), 0);
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await processor.act('dr0000000002', { type: 'deploy', instantDdl: false });
    await run(processor, engine, 4);
    expect(state(store, 'dr0000000001')).toBe('pending_cutover');
    expect(state(store, 'dr0000000002')).toBe('queued');
    await processor.act('dr0000000001', { type: 'apply_deploy' });
    await run(processor, engine, 3);
    expect(state(store, 'dr0000000001')).toBe('complete_pending_revert');
    expect(state(store, 'dr0000000002')).toBe('queued'); // the revert window holds the queue
    await processor.act('dr0000000001', { type: 'skip_revert' });
    await run(processor, engine, 2);
    expect(state(store, 'dr0000000002')).not.toBe('queued');
  });

  it('a failed migration fails the deployment and holds the queue until complete-deploy', async () => {
    const { store, engine, processor } = setup();
    await store.save(request('ready', { migrationContext: null }), 0);
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await run(processor, engine, 1);
    engine.fail('uuid_1', "Duplicate key name 'x'");
    await run(processor);
    expect(store.rows.get('dr0000000001')!.deployment).toMatchObject({ state: 'complete_error', error: expect.stringContaining('Duplicate key name') });
    await processor.act('dr0000000001', { type: 'complete_deploy' });
    expect(state(store)).toBe('complete');
  });

  it('a submission Vitess refuses fails the deployment with Vitess\'s message', async () => {
    const { store, engine, processor } = setup();
    await store.save(request('ready', { migrationContext: null }), 0);
    engine.failNextSubmit = new VitessError('singleton-context migration rejected: found pending migration: x in different context: y');
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await run(processor);
    expect(store.rows.get('dr0000000001')!.deployment).toMatchObject({ state: 'complete_error', error: expect.stringContaining('singleton-context migration rejected') });
  });

  it('an action is one versioned save with who did it; approving goes through the machine too', async () => {
    const { store, processor } = setup();
    await store.save(request('ready', { migrationContext: null }), 0);
    const saves = store.saves;
    await expect(processor.act('dr0000000001', { type: 'approve' }, 'author')).rejects.toMatchObject({ kind: 'forbidden', message: 'You cannot approve your own deploy request' });
    expect(store.saves).toBe(saves);
    await processor.act('dr0000000001', { type: 'approve' }, 'reviewer');
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false }, 'deployer-id');
    expect(store.saves).toBe(saves + 2);
    expect(store.rows.get('dr0000000001')).toMatchObject({ approved: true, actors: { deployer: 'deployer-id' }, version: 3 });
  });

  it('cancel in_progress cancels the migrations and ends in complete_cancel', async () => {
    const { store, engine, processor } = setup();
    await store.save(request('ready', { migrationContext: null }), 0);
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await run(processor, engine, 1);
    await processor.act('dr0000000001', { type: 'cancel' });
    await run(processor);
    expect(engine.calls.filter((c) => c.startsWith('cancel'))).toEqual(['cancel uuid_1', 'cancel uuid_2']);
    expect(state(store)).toBe('complete_cancel');
  });

  it('revert reverts the completed migrations newest first and closes the request', async () => {
    const { store, engine, processor } = setup();
    await store.save(request('ready', { autoCutover: true, migrationContext: null }), 0);
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await run(processor, engine, 5);
    expect(state(store)).toBe('complete_pending_revert');
    await processor.act('dr0000000001', { type: 'revert' });
    await run(processor);
    expect(engine.calls.filter((c) => c.startsWith('revert'))).toEqual(['revert uuid_2', 'revert uuid_1']);
    await run(processor, engine, 3);
    expect(state(store)).toBe('complete_revert');
    expect(store.rows.get('dr0000000001')!.state).toBe('closed');
  });

  it('throttle applies at once to running migrations', async () => {
    const { store, engine, processor } = setup();
    await store.save(request('ready', { migrationContext: null }), 0);
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await run(processor, engine, 1);
    await processor.act('dr0000000001', { type: 'throttle', ratios: { app: 50 } });
    expect(engine.calls.filter((c) => c.startsWith('throttle'))).toEqual(['throttle uuid_1 0.5', 'throttle uuid_2 0.5']);
  });

  it('refused actions throw a typed error and change nothing', async () => {
    const { store, processor } = setup();
    await store.save(request('ready'), 0);
    const before = structuredClone(store.rows.get('dr0000000001'));
    await expect(processor.act('dr0000000001', { type: 'apply_deploy' })).rejects.toMatchObject({ kind: 'conflict' });
    await expect(processor.act('nope', { type: 'cancel' })).rejects.toBeInstanceOf(DeployActionError);
    expect(store.rows.get('dr0000000001')).toEqual(before);
  });

  const activeStops: DeploymentState[] = ['queued', 'submitting', 'in_progress', 'pending_cutover', 'in_progress_cutover', 'complete_pending_revert'];
  it.each(activeStops)('a restart while %s resumes and finishes the deployment', async (stopAt) => {
    const { store, engine, processor, make } = setup();
    await store.save(request('ready', { autoCutover: stopAt !== 'pending_cutover', migrationContext: null }), 0);
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    for (let i = 0; i < 20 && state(store) !== stopAt; i++) {
      if (stopAt === 'submitting' && state(store) === 'queued') { await processor.tick(); break; }
      await run(processor, engine, 1);
    }
    expect(state(store)).toBe(stopAt);
    await processor.stop();
    // A new process: nothing in memory survives, only the store and Vitess.
    const again = make();
    if (stopAt === 'pending_cutover') await again.act('dr0000000001', { type: 'apply_deploy' });
    if (stopAt === 'complete_pending_revert') await again.act('dr0000000001', { type: 'skip_revert' });
    for (let i = 0; i < 10 && state(store) !== 'complete'; i++) {
      if (state(store) === 'complete_pending_revert') await again.act('dr0000000001', { type: 'skip_revert' });
      await run(again, engine, 1);
    }
    expect(state(store)).toBe('complete');
    // Each statement was submitted exactly once across both processes.
    expect(engine.calls.filter((c) => c.startsWith('submit'))).toHaveLength(2);
  });
});

describe('processor events', () => {
  it('announces every transition of a gated deploy, revert and close, in order, with the change that caused it', async () => {
    const { store, engine, processor } = setup();
    await store.save(request('pending', { migrationContext: null, revertContext: null }, { plan: null }), 0);
    await processor.tick();
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await run(processor, engine, 4);
    await processor.act('dr0000000001', { type: 'apply_deploy' });
    await run(processor, engine, 3);
    await processor.act('dr0000000001', { type: 'revert' });
    await run(processor, engine, 4);
    expect(state(store)).toBe('complete_revert');
    expect(store.announced).toEqual([
      { event: 'deploy_request.queued', state: 'queued' },
      { event: 'deploy_request.in_progress', state: 'in_progress' },
      { event: 'deploy_request.pending_cutover', state: 'pending_cutover' },
      { event: 'deploy_request.schema_applied', state: 'complete_pending_revert' },
      { event: 'deploy_request.reverted', state: 'complete_revert' },
      { event: 'deploy_request.closed', state: 'complete_revert' },
    ]);
  });

  it('a failed deployment announces errored; a save that loses a race announces nothing', async () => {
    const { store, engine, processor } = setup();
    await store.save(request('ready', { migrationContext: null }), 0);
    await processor.act('dr0000000001', { type: 'deploy', instantDdl: false });
    await run(processor, engine, 1);
    engine.fail('uuid_1', 'boom');
    await run(processor);
    expect(state(store)).toBe('complete_error');
    expect(store.announced.map((a) => a.event)).toEqual(['deploy_request.queued', 'deploy_request.in_progress', 'deploy_request.errored']);
    const before = store.announced.length;
    expect(await store.save(store.rows.get('dr0000000001')!, 0, ['deploy_request.closed'])).toBe(false);
    expect(store.announced.length).toBe(before);
  });
});
