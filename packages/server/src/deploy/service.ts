// Deploy requests for the handlers: look-ups, creation, actions through the processor, and the
// context (migration rows, queue, target branch) their API objects are built from.
import {
  branches, deployRequests, invalid, isValidName, keyspaces, nameRules, notFound, conflict,
  type DatabaseRecord, type DeployRequestRecord, type KeyspaceRecord,
} from '@localscale/mysql';
import { compareQueuePositions, ddlKeyspaces, deployRequestEventsOf, preparedStates, queueVisibleStates, type Action, type DeployRequest } from '@localscale/deploy-engine';
import type { SchemaMigrationRow } from '@localscale/vitess';
import type { Principal } from '../http/auth.js';
import { actorIdOf } from '../presenters/actor.js';
import type { DeployContext } from '../presenters/deploy-request.js';
import type { Links } from '../presenters/links.js';
import type { Services } from '../services/context.js';
import { resolveDatabase } from '../services/resolve.js';
import { newDeployment, toModel, toRecord } from './mapping.js';
import type { DeployRuntime } from './runtime.js';

export interface ResolvedRequest { database: DatabaseRecord; record: DeployRequestRecord; model: DeployRequest }

export async function resolveRequest(svc: Services, org: string, db: string, number: number): Promise<ResolvedRequest> {
  const database = await resolveDatabase(svc, org, db);
  const record = await deployRequests.getDeployRequestByNumber(svc.metadata, database.id, number);
  return { database, record, model: toModel(record) };
}


/**
 * The contexts API objects are built from, for several requests of one database at once: the queue,
 * target-branch layouts and review counts are read once, and migration rows with one look-up per
 * (target branch, keyspace), so a list costs a handful of queries whatever its length.
 */
export async function deployContexts(svc: Services, rt: DeployRuntime, database: DatabaseRecord, records: readonly DeployRequestRecord[],
  links: Links, models: ReadonlyMap<string, DeployRequest> = new Map()): Promise<DeployContext[]> {
  const queue = await deployRequests.listDeployRequestsInStates(svc.metadata, database.id, [...queueVisibleStates]);
  const reviewCounts = await deployRequests.countReviews(svc.metadata, records.map((r) => r.id));
  const modelOf = (r: DeployRequestRecord) => models.get(r.id) ?? toModel(r);
  const layouts = new Map<string, KeyspaceRecord[]>();
  const rowsByContext = new Map<string, SchemaMigrationRow[]>();
  for (const intoBranch of new Set(records.map((r) => r.intoBranch))) {
    const into = await branches.findBranch(svc.metadata, database.id, intoBranch);
    layouts.set(intoBranch, into ? (await keyspaces.listKeyspaces(svc.metadata, into.id)).items : []);
    const wanted = records.filter((r) => r.intoBranch === intoBranch && modelOf(r).deployment.migrationContext);
    if (!into || !wanted.length) continue;
    const contexts = wanted.map((r) => modelOf(r).deployment.migrationContext!);
    const keyspaceNames = new Set(wanted.flatMap((r) => ddlKeyspaces(modelOf(r).plan).map((k) => k.keyspace)));
    try {
      const engine = await rt.clusters.engineFor(database.id, intoBranch);
      for (const keyspace of keyspaceNames) {
        for (const row of await engine.showMigrationsByContexts(keyspace, contexts)) {
          rowsByContext.set(row.migration_context, [...(rowsByContext.get(row.migration_context) ?? []), row]);
        }
      }
    } catch (err) {
      // The objects can still be shown, with operations from the plan alone.
      svc.log.debug('migration rows unavailable', { database: database.name, branch: intoBranch, error: String(err) });
    }
  }
  return records.map((record) => {
    const model = modelOf(record);
    const layout = layouts.get(record.intoBranch) ?? [];
    const ahead = model.deployment.state === 'queued'
      ? queue.filter((q) => q.id !== record.id && (q.deploymentState !== 'queued' || compareQueuePositions(q, record) < 0))
      : [];
    return {
      record, model, organization: database.organization, database: database.name,
      rows: model.deployment.migrationContext ? rowsByContext.get(model.deployment.migrationContext) ?? [] : [],
      preceding: ahead,
      intoBranch: { sharded: layout.some((k) => k.sharded), shardCount: layout.reduce((n, k) => n + k.shards, 0), keyspaceCount: layout.length },
      numComments: reviewCounts.get(record.id) ?? 0, links,
    };
  });
}

export async function deployContext(svc: Services, rt: DeployRuntime, resolved: ResolvedRequest, links: Links): Promise<DeployContext> {
  const [ctx] = await deployContexts(svc, rt, resolved.database, [resolved.record], links, new Map([[resolved.record.id, resolved.model]]));
  return ctx!;
}

export interface CreateInput { branch: string; intoBranch: string; notes: string; autoCutover: boolean; autoDeleteBranch: boolean }

export async function createDeployRequest(svc: Services, rt: DeployRuntime, database: DatabaseRecord, input: CreateInput, principal: Principal): Promise<ResolvedRequest> {
  for (const [label, name] of [['branch', input.branch], ['into_branch', input.intoBranch]] as const) {
    if (!isValidName('branch', name)) throw invalid(`${label} is invalid: use ${nameRules.branch.description}`);
  }
  const head = await branches.findBranch(svc.metadata, database.id, input.branch);
  if (!head) throw notFound(`branch ${input.branch} not found`);
  const into = await branches.findBranch(svc.metadata, database.id, input.intoBranch);
  if (!into) throw notFound(`branch ${input.intoBranch} not found`);
  if (head.id === into.id) throw invalid('A deploy request needs two different branches: branch and into_branch are the same');
  if (!into.safeMigrations) {
    throw invalid(`The branch you are merging into must have safe migrations enabled: enable them on ${into.name} to create deploy requests into it`);
  }
  if (!head.ready) throw conflict(`Branch ${head.name} is not ready yet; its schema snapshot is in progress`);
  const throttle = await deployRequests.getDatabaseThrottler(svc.metadata, database.id) ?? {};
  const at = svc.clock.now();
  // `deploy_request.opened` is written with the request itself (webhook deliveries, if anyone listens).
  const opened = (r: DeployRequestRecord) => { const model = toModel(r); return rt.announce(model, r, deployRequestEventsOf(null, model), at); };
  const record = await deployRequests.insertDeployRequest(svc.metadata, {
    databaseId: database.id, branch: head.name, branchId: head.id, intoBranch: into.name, state: 'open', deploymentState: 'pending',
    approved: false, notes: input.notes, actorId: actorIdOf(principal), closedBy: null, closedAt: null, deployedAt: null, queuedAt: null,
    branchDeleted: false, branchDeletedAt: null, branchDeletedBy: null, finalized: false,
    deployment: newDeployment({ autoCutover: input.autoCutover, autoDeleteBranch: input.autoDeleteBranch, throttle }),
    plan: null, actors: {},
  }, { deliveries: opened, now: at });
  svc.deliveriesQueued();
  rt.processor.wake();
  return { database, record, model: toModel(record) };
}

/** Applies an action as `principal`; the machine records who acted in the same versioned save. */
export async function act(svc: Services, rt: DeployRuntime, org: string, db: string, number: number, action: Action, principal: Principal): Promise<ResolvedRequest> {
  const { database, record } = await resolveRequest(svc, org, db, number);
  const after = await rt.processor.act(record.id, action, actorIdOf(principal));
  // The response shows the request as the action left it (deploy answers `queued`), even when the
  // processor, woken by the action, has already moved it on; the row is read again only for the
  // columns the save itself sets (updated_at).
  const fresh = toRecord(after, await deployRequests.getDeployRequestByNumber(svc.metadata, database.id, number));
  return { database, record: fresh, model: after };
}

/** A branch's schema changed: open requests from or into it that have not started deploying re-diff. */
export async function branchChanged(svc: Services, rt: DeployRuntime, database: DatabaseRecord, branch: { name: string }): Promise<void> {
  const open = await deployRequests.listDeployRequestsInStates(svc.metadata, database.id, [...preparedStates]);
  for (const dr of open) {
    if (dr.state !== 'open' || (dr.branch !== branch.name && dr.intoBranch !== branch.name)) continue;
    await rt.processor.act(dr.id, { type: 'branch_changed' }).catch((err: unknown) => svc.log.warn('re-preparing a deploy request failed', { number: dr.number, error: String(err) }));
  }
}
