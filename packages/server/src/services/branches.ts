// Branches: creating one snapshots its parent's schema and VSchema into the branch's own databases,
// in the background (ready: false until done, then `branch.ready` is announced to webhooks); deleting
// one drops them. Snapshot jobs survive restarts: a branch that is neither ready nor failed is picked
// up again at start.
import {
  branches, copySchema, createPhysicalDatabases, dropPhysicalDatabases, inTransaction, isValidName, keyspaces, metadataChanged, nameRules, physicalShards, sidecarDatabaseName, webhooks, type BranchRecord, type DatabaseRecord, type KeyspaceRecord,
} from '@localscale/mysql';
import { presentBranch } from '../presenters/branch.js';
import { deliveriesFor, renderContext } from '../webhooks/outbox.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors.js';
import type { Services } from './context.js';

export interface BranchLayout { org: string; database: string; branch: string; branchId: string; keyspaces: readonly KeyspaceRecord[] }

/** Physical databases of a branch, keyspace by keyspace, shard by shard. */
export function shardDatabases(svc: Services, layout: BranchLayout) {
  return layout.keyspaces.map((k) => ({ keyspace: k, shards: physicalShards(svc.config.databasePrefix, layout.org, layout.database, layout.branch, k) }));
}

export const allShardDatabases = (svc: Services, layout: BranchLayout) => shardDatabases(svc, layout).flatMap((k) => k.shards.map((s) => s.database));

/** Everything a branch owns on the server: its shard databases and its Vitess engine's sidecar. */
export const branchDatabases = (svc: Services, layout: BranchLayout) =>
  [...allShardDatabases(svc, layout), sidecarDatabaseName(svc.config.databasePrefix, layout.org, layout.database, layout.branch, layout.branchId)];

export async function layoutOf(svc: Services, database: DatabaseRecord, branch: BranchRecord): Promise<BranchLayout> {
  return { org: database.organization, database: database.name, branch: branch.name, branchId: branch.id, keyspaces: (await keyspaces.listKeyspaces(svc.metadata, branch.id)).items };
}

export class BranchSnapshots {
  private readonly jobs = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly svc: Services) {}

  /** Starts (or restarts) the snapshot of `branch` from its parent. */
  schedule(database: DatabaseRecord, branch: BranchRecord, delayMs = this.svc.config.branchCreationDelayMs): void {
    const previous = this.jobs.get(branch.id) ?? Promise.resolve();
    const job = previous.then(() => this.snapshot(database, branch, delayMs)).catch(async (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.svc.log.warn('branch snapshot failed', { branch: branch.name, database: database.name, error: message });
      await branches.updateBranch(this.svc.metadata, branch.id, { errorMessage: message.slice(0, 4000) }).catch(() => undefined);
    }).finally(() => { if (this.jobs.get(branch.id) === job) this.jobs.delete(branch.id); });
    this.jobs.set(branch.id, job);
  }

  async resumePending(lookup: (databaseId: string) => Promise<DatabaseRecord | undefined>): Promise<void> {
    for (const branch of await branches.listPendingSnapshots(this.svc.metadata)) {
      const database = await lookup(branch.databaseId);
      if (database) this.schedule(database, branch, 0);
    }
  }

  /** Resolves when no snapshot is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.jobs.size) await Promise.allSettled([...this.jobs.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private async snapshot(database: DatabaseRecord, branch: BranchRecord, delayMs: number): Promise<void> {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (this.stopped) return;
    const parent = branch.parentBranch ? await branches.findBranch(this.svc.metadata, database.id, branch.parentBranch) : undefined;
    if (!parent) throw new Error(`parent branch ${branch.parentBranch ?? '(none)'} no longer exists`);
    const from = shardDatabases(this.svc, await layoutOf(this.svc, database, parent));
    const to = shardDatabases(this.svc, await layoutOf(this.svc, database, branch));
    for (const target of to) {
      const source = from.find((f) => f.keyspace.name === target.keyspace.name);
      if (!source) continue;
      // Every shard of a keyspace has the same schema; copy shard for shard (or the first when counts differ).
      for (const [i, shard] of target.shards.entries()) {
        const origin = source.shards[i] ?? source.shards[0]!;
        await copySchema(this.svc.admin, origin.database, shard.database);
      }
    }
    await this.markReady(database, branch);
  }

  /** The snapshot is done: the branch is ready, and `branch.ready` is written with that change. */
  private async markReady(database: DatabaseRecord, branch: BranchRecord): Promise<void> {
    const { svc } = this;
    const at = svc.clock.now();
    const changes = { ready: true, errorMessage: null, schemaLastUpdatedAt: at.toISOString() };
    const render = async () => {
      const { links, edgeAddress } = renderContext(svc);
      const layout = (await keyspaces.listKeyspaces(svc.metadata, branch.id)).items;
      return presentBranch({ ...branch, ...changes, updatedAt: at.toISOString() }, { organization: database.organization, database: database.name, keyspaces: layout, edgeAddress }, links);
    };
    const source = { databaseId: database.id, organization: database.organization, database: database.name };
    const deliveries = await deliveriesFor(svc.metadata, source, 'branch.ready', render, at);
    if (!deliveries.length) return branches.updateBranch(svc.metadata, branch.id, changes);
    await inTransaction(svc.metadata, async (tx) => {
      await branches.updateBranch(tx, branch.id, changes);
      await webhooks.enqueueDeliveries(tx, deliveries, at);
    }).finally(metadataChanged); // visible from the commit on (see the metadata cache)
    svc.deliveriesQueued();
  }
}

export interface NewBranchInput { name: string; parent: string; region?: string; actorId: string | null }

export async function createBranch(svc: Services, snapshots: BranchSnapshots, database: DatabaseRecord, input: NewBranchInput): Promise<BranchRecord> {
  if (!isValidName('branch', input.name)) throw new UnprocessableError(`Name is invalid: use ${nameRules.branch.description}`);
  if (!isValidName('branch', input.parent)) throw new UnprocessableError(`parent_branch ${JSON.stringify(input.parent.slice(0, 80))} does not exist`);
  const parent = await branches.findBranch(svc.metadata, database.id, input.parent);
  if (!parent) throw new UnprocessableError(`parent_branch ${input.parent} does not exist`);
  if (!parent.ready) throw new ConflictError(`Parent branch ${parent.name} is not ready yet`);
  const region = input.region ?? parent.region;
  if (!/^[a-z0-9-]{1,64}$/.test(region)) throw new UnprocessableError('region is invalid');
  const parentKeyspaces = (await keyspaces.listKeyspaces(svc.metadata, parent.id)).items;
  const branchId = await inTransaction(svc.metadata, async (tx) => {
    const id = await branches.insertBranch(tx, {
      databaseId: database.id, name: input.name, parentBranch: parent.name, production: false, safeMigrations: false,
      ready: false, region, actorId: input.actorId,
    });
    for (const k of parentKeyspaces) await keyspaces.insertKeyspace(tx, { branchId: id, name: k.name, shards: k.shards, sharded: k.sharded, vschema: k.vschema });
    return id;
  }).finally(metadataChanged); // the rows are visible from the commit on: drop what was cached before it
  const branch = await branches.getBranch(svc.metadata, database.id, input.name);
  try {
    await createPhysicalDatabases(svc.admin, allShardDatabases(svc, await layoutOf(svc, database, branch)));
  } catch (err) {
    await branches.deleteBranchRow(svc.metadata, branchId).catch(() => undefined);
    throw err;
  }
  snapshots.schedule(database, branch);
  return branch;
}

export async function deleteBranch(svc: Services, database: DatabaseRecord, branch: BranchRecord): Promise<void> {
  if (branch.name === database.defaultBranch) throw new ConflictError(`Cannot delete ${branch.name}: it is the database's default branch`);
  if (branch.production) throw new ConflictError(`Cannot delete ${branch.name}: it is a production branch; demote it first`);
  const physical = branchDatabases(svc, await layoutOf(svc, database, branch));
  await svc.releaseBranch(database.id, branch.name);
  await branches.deleteBranchRow(svc.metadata, branch.id);
  await dropPhysicalDatabases(svc.admin, physical);
}

/** Throws away a branch's schema changes and snapshots its parent again. */
export async function refreshBranch(svc: Services, snapshots: BranchSnapshots, database: DatabaseRecord, branch: BranchRecord): Promise<BranchRecord> {
  if (!branch.parentBranch) throw new ConflictError(`${branch.name} has no parent branch to refresh from`);
  const parent = await branches.findBranch(svc.metadata, database.id, branch.parentBranch);
  if (!parent) throw new NotFoundError(`parent branch ${branch.parentBranch} not found`);
  await branches.updateBranch(svc.metadata, branch.id, { ready: false, errorMessage: null });
  // The branch lives on, and so do its engine and its migration history; only its tables go.
  const layout = await layoutOf(svc, database, branch);
  const physical = allShardDatabases(svc, layout);
  await dropPhysicalDatabases(svc.admin, physical);
  await createPhysicalDatabases(svc.admin, physical);
  const parentKeyspaces = (await keyspaces.listKeyspaces(svc.metadata, parent.id)).items;
  for (const k of layout.keyspaces) {
    const from = parentKeyspaces.find((p) => p.name === k.name);
    await keyspaces.setKeyspaceVSchema(svc.metadata, k.id, from?.vschema ?? null);
  }
  const refreshed = await branches.getBranch(svc.metadata, database.id, branch.name);
  snapshots.schedule(database, refreshed, 0);
  return refreshed;
}
