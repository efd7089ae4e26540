// The handler registry: every implemented operation, keyed by operationId. Operations missing here
// answer 501 until their issue lands.
import type { Handlers } from '../http/operation-types.js';
import type { BranchSnapshots } from '../services/branches.js';
import type { Services } from '../services/context.js';
import type { DeployRuntime } from '../deploy/runtime.js';
import { adminHandlers, type AdminDeps } from './admin.js';
import { branchHandlers, type BranchHooks } from './branches.js';
import { databaseHandlers } from './databases.js';
import { deployRequestHandlers } from './deploy-requests.js';
import { healthHandlers } from './health.js';
import { keyspaceHandlers } from './keyspaces.js';
import { organizationHandlers } from './organizations.js';
import { passwordHandlers } from './passwords.js';
import { serviceTokenHandlers } from './service-tokens.js';
import { webhookHandlers } from './webhooks.js';

export interface HandlerDeps {
  svc: Services;
  snapshots: BranchSnapshots;
  hooks: BranchHooks;
  deploy?: DeployRuntime;
  admin: AdminDeps;
}

export function buildHandlers({ svc, snapshots, hooks, deploy, admin }: HandlerDeps): Handlers {
  return {
    ...healthHandlers(svc),
    ...organizationHandlers(svc),
    ...databaseHandlers(svc),
    ...keyspaceHandlers(svc),
    ...passwordHandlers(svc),
    ...serviceTokenHandlers(svc),
    ...webhookHandlers(svc),
    ...branchHandlers(svc, snapshots, hooks),
    ...adminHandlers(svc, admin),
    ...(deploy ? deployRequestHandlers(svc, deploy) : {}),
  };
}
