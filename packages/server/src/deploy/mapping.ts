// Stored deploy requests <-> the deploy engine's model. The deployment and plan are stored as JSON
// documents; the columns the queries need are derived from them here, in one place. The plan is read
// through the engine's reader, which also loads plans stored before they kept the differ's structure.
import type { DeployRequestRecord } from '@localscale/mysql';
import { actorRoles, readPlanDocument, type Actors, type Deployment, type DeployRequest } from '@localscale/deploy-engine';

/** The stored actors document, keeping the roles the engine records. */
const actorsOf = (stored: Record<string, string | null>): Actors =>
  Object.fromEntries(actorRoles.filter((role) => role in stored).map((role) => [role, stored[role] ?? null]));

export function toModel(r: DeployRequestRecord): DeployRequest {
  return {
    id: r.id, number: r.number, databaseId: r.databaseId, branch: r.branch, intoBranch: r.intoBranch, state: r.state,
    authorId: r.actorId, approved: r.approved, actors: actorsOf(r.actors), closedBy: r.closedBy,
    closedAt: r.closedAt, deployedAt: r.deployedAt, branchDeleted: r.branchDeleted,
    deployment: r.deployment as Deployment, plan: readPlanDocument(r.plan), version: r.version,
  };
}

export function toRecord(dr: DeployRequest, stored: DeployRequestRecord): DeployRequestRecord {
  return {
    ...stored, state: dr.state, approved: dr.approved, actors: dr.actors, closedBy: dr.closedBy,
    closedAt: dr.closedAt, deployedAt: dr.deployedAt,
    branchDeleted: dr.branchDeleted, branchDeletedAt: dr.branchDeleted ? (stored.branchDeletedAt ?? new Date().toISOString()) : null,
    deploymentState: dr.deployment.state, queuedAt: dr.deployment.queuedAt, finalized: dr.deployment.finalized,
    deployment: dr.deployment, plan: dr.plan,
  };
}

/** A new request's deployment: not prepared yet. */
export function newDeployment(options: { autoCutover: boolean; autoDeleteBranch: boolean; throttle: Record<string, number> }): Deployment {
  return {
    state: 'pending', autoCutover: options.autoCutover, autoDeleteBranch: options.autoDeleteBranch, instantDdl: false,
    instantDdlEligible: false, deployable: false, deployCheckErrors: null, error: null, migrationContext: null, revertContext: null,
    vschemaApplied: false, vschemaReverted: false, throttle: options.throttle, queuedAt: null, submittedAt: null, startedAt: null,
    readyToCutoverAt: null, cutoverAt: null, finishedAt: null, forceCutoverRequestedAt: null, cancelledAt: null, revertedAt: null,
    revertExpiresAt: null, finalized: false,
  };
}
