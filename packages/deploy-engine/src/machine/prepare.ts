// The outcome of preparing a deploy request (diff + checks), applied to the request. Pure.
import { withDeployment } from './decide.js';
import { hasDdl, hasVSchema, type DeployRequest, type Plan } from './model.js';

export type PrepareResult =
  | { ok: true; plan: Plan }
  | { ok: false; errors: string };

export function prepared(dr: DeployRequest, result: PrepareResult): DeployRequest {
  if (dr.deployment.state !== 'pending') return dr;
  if (!result.ok) {
    return withDeployment(dr, { state: 'error', deployable: false, deployCheckErrors: result.errors }, { plan: null });
  }
  const changes = hasDdl(result.plan) || hasVSchema(result.plan);
  return withDeployment(dr, {
    state: changes ? 'ready' : 'no_changes', deployable: changes, deployCheckErrors: null,
    instantDdlEligible: hasDdl(result.plan) && result.plan.instantEligible,
  }, { plan: result.plan });
}
