// Deploy requests for the handlers: look-ups, creation, actions through the processor, and the
// context (migration rows, queue, target branch) their API objects are built from.
import {
  branches, deployRequests, invalid, isValidName, keyspaces, nameRules, notFound, conflict,
  type DatabaseRecord, type DeployRequestRecord,
} from '@localscale/mysql';
import { ddlKeyspaces, queueVisibleStates, type Action, type DeployRequest } from '@localscale/deploy-engine';
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

export async function migrationRows(rt: DeployRuntime, dr: DeployRequest, context: string | null): Promise<SchemaMigrationRow[]> {
  if (!context) return [];
  const engine = await rt.clusters.engineFor(dr.databaseId, dr.intoBranch);
  const rows: SchemaMigrationRow[] = [];
  for (const k of ddlKeyspaces(dr.plan)) rows.push(...await engine.showMigrationsByContexts(k.keyspace, [context]));
  return rows;
}

export async function deployContext(svc: Services, rt: DeployRuntime, resolved: ResolvedRequest, links: Links): Promise<DeployContext> {
  const { database, record, model } = resolved;
  const queue = await deployRequests.listDeployRequestsInStates(svc.metadata, database.id, [...queueVisibleStates]);
  const ahead = model.deployment.state === 'queued'
    ? queue.filter((q) => q.id !== record.id && (q.deploymentState !== 'queued' || (q.queuedAt ?? '') < (record.queuedAt ?? '') || ((q.queuedAt ?? '') === (record.queuedAt ?? '') && q.number < record.number)))
    : [];
  const into = await branches.findBranch(svc.metadata, database.id, record.intoBranch);
  const layout = into ? (await keyspaces.listKeyspaces(svc.metadata, into.id)).items : [];
  const { total: numComments } = await deployRequests.listReviews(svc.metadata, record.id, { page: 1, perPage: 1 });
  return {
    record, model, organization: database.organization, database: database.name,
    rows: await migrationRows(rt, model, model.deployment.migrationContext).catch(() => []),
    preceding: ahead,
    intoBranch: { sharded: layout.some((k) => k.sharded), shardCount: layout.reduce((n, k) => n + k.shards, 0), keyspaceCount: layout.length },
    numComments, links,
  };
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
  const record = await deployRequests.insertDeployRequest(svc.metadata, {
    databaseId: database.id, branch: head.name, branchId: head.id, intoBranch: into.name, state: 'open', deploymentState: 'pending',
    approved: false, notes: input.notes, actorId: actorIdOf(principal), closedBy: null, closedAt: null, deployedAt: null, queuedAt: null,
    branchDeleted: false, branchDeletedAt: null, branchDeletedBy: null, finalized: false,
    deployment: newDeployment({ autoCutover: input.autoCutover, autoDeleteBranch: input.autoDeleteBranch, throttle }),
    plan: null, actors: {},
  });
  rt.processor.wake();
  return { database, record, model: toModel(record) };
}

/** Which actor field an action records. */
const actorRole: Partial<Record<Action['type'], string>> = {
  deploy: 'deployer', apply_deploy: 'cutover', cancel: 'canceller', revert: 'reverter', skip_revert: 'skipper', force_cutover: 'cutover',
};

export async function act(svc: Services, rt: DeployRuntime, org: string, db: string, number: number, action: Action, principal: Principal): Promise<ResolvedRequest> {
  const { database, record } = await resolveRequest(svc, org, db, number);
  const after = await rt.processor.act(record.id, action);
  const role = actorRole[action.type];
  if (role) await deployRequests.setDeployRequestActor(svc.metadata, record.id, role, actorIdOf(principal));
  if (action.type === 'close') await deployRequests.setClosedBy(svc.metadata, record.id, actorIdOf(principal));
  // The response shows the request as the action left it (deploy answers `queued`), even when the
  // processor, woken by the action, has already moved it on.
  const fresh = toRecord(after, await deployRequests.getDeployRequestByNumber(svc.metadata, database.id, number));
  return { database, record: fresh, model: after };
}

/** A branch's schema changed: open requests from or into it that have not started deploying re-diff. */
export async function branchChanged(svc: Services, rt: DeployRuntime, database: DatabaseRecord, branch: { name: string }): Promise<void> {
  const open = await deployRequests.listDeployRequestsInStates(svc.metadata, database.id, ['ready', 'no_changes', 'error']);
  for (const dr of open) {
    if (dr.state !== 'open' || (dr.branch !== branch.name && dr.intoBranch !== branch.name)) continue;
    await rt.processor.act(dr.id, { type: 'branch_changed' }).catch((err: unknown) => svc.log.warn('re-preparing a deploy request failed', { number: dr.number, error: String(err) }));
  }
}
