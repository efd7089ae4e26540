// The deploy engine's targets port: diffing head against target branch (the plan), the Vitess engine
// of the target branch, and branch deletion. The plan keeps what the differ knows about each change
// (its kind, table, and whether it drops data), so nothing downstream re-reads it from the SQL.
import {
  branches, databases, diffSchemas, diffVSchema, instantEligibility, serviceTokens, snapshotSchema, type DatabaseRecord, type DiffChange, type SchemaChangeKind,
} from '@localscale/mysql';
import type { DeployRequest, DeployTargets, KeyspacePlan, OperationKind, PlannedChange, PrepareResult } from '@localscale/deploy-engine';
import type { VSchema } from '@localscale/vitess';
import { deleteBranch, layoutOf, shardDatabases } from '../services/branches.js';
import type { Services } from '../services/context.js';
import type { Clusters } from './runtime.js';

const parse = (text: string | null): VSchema | null => (text ? (JSON.parse(text) as VSchema) : null);

/** The differ's kinds as PlanetScale names the operations. */
const operationKind: Record<SchemaChangeKind, OperationKind> = {
  create_table: 'CREATE', alter_table: 'ALTER', drop_table: 'DROP', create_view: 'CREATE VIEW', alter_view: 'ALTER VIEW', drop_view: 'DROP VIEW',
};

const plannedChange = (c: DiffChange): PlannedChange => ({ kind: operationKind[c.kind], table: c.name, sql: c.sql, dropsData: c.dropsData });

export function deployTargets(svc: Services, clusters: Clusters): DeployTargets {
  const database = async (dr: DeployRequest): Promise<DatabaseRecord> => {
    const db = await databases.findDatabaseById(svc.metadata, dr.databaseId);
    if (!db) throw new Error(`database ${dr.databaseId} not found`);
    return db;
  };

  async function plan(dr: DeployRequest): Promise<PrepareResult> {
    const db = await database(dr);
    const head = await branches.findBranch(svc.metadata, db.id, dr.branch);
    const into = await branches.findBranch(svc.metadata, db.id, dr.intoBranch);
    if (!head) return { ok: false, errors: `Branch ${dr.branch} no longer exists` };
    if (!into) return { ok: false, errors: `Branch ${dr.intoBranch} no longer exists` };
    const from = shardDatabases(svc, await layoutOf(svc, db, into));
    const to = shardDatabases(svc, await layoutOf(svc, db, head));
    const plans: KeyspacePlan[] = [];
    let instantEligible = true;
    let anyDdl = false;
    for (const target of from) {
      const source = to.find((t) => t.keyspace.name === target.keyspace.name);
      if (!source) continue;
      const changes = diffSchemas(await snapshotSchema(svc.admin, target.shards[0]!.database), await snapshotSchema(svc.admin, source.shards[0]!.database))
        .map(plannedChange);
      if (changes.length) {
        anyDdl = true;
        const instant = await instantEligibility(svc.admin, target.shards[0]!.database, changes);
        instantEligible &&= instant.eligible;
      }
      const vschemaChanged = diffVSchema(target.keyspace.vschema, source.keyspace.vschema).changed;
      const vschema = vschemaChanged ? { before: parse(target.keyspace.vschema), after: parse(source.keyspace.vschema) ?? {} } : null;
      if (changes.length || vschema) plans.push({ keyspace: target.keyspace.name, changes, vschema });
    }
    return { ok: true, plan: { keyspaces: plans, instantEligible: anyDdl && instantEligible } };
  }

  return {
    engineFor: (dr) => clusters.engineFor(dr.databaseId, dr.intoBranch),
    async prepare(dr) {
      if (svc.config.deployRequestDelayMs > 0) await new Promise((r) => setTimeout(r, svc.config.deployRequestDelayMs));
      try {
        return await plan(dr);
      } catch (err) {
        return { ok: false, errors: err instanceof Error ? err.message : String(err) };
      }
    },
    async deleteBranch(dr) {
      const db = await database(dr);
      const branch = await branches.findBranch(svc.metadata, db.id, dr.branch);
      if (!branch || branch.production) return;
      await deleteBranch(svc, db, branch);
    },
    async creatorOf(actorId) {
      return serviceTokens.creatorOf(svc.metadata, actorId);
    },
    async requireApproval(dr) {
      return (await database(dr)).requireApprovalForDeploy;
    },
  };
}
