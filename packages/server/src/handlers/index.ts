// The handler registry: every implemented operation, keyed by operationId. Operations missing here
// answer 501 until their issue lands.
import type { Handlers } from '../http/operation-types.js';
import type { Services } from '../services/context.js';
import { databaseHandlers } from './databases.js';
import { healthHandlers } from './health.js';
import { keyspaceHandlers } from './keyspaces.js';
import { organizationHandlers } from './organizations.js';
import { passwordHandlers } from './passwords.js';

export function buildHandlers(svc: Services): Handlers {
  return {
    ...healthHandlers(svc),
    ...organizationHandlers(svc),
    ...databaseHandlers(svc),
    ...keyspaceHandlers(svc),
    ...passwordHandlers(svc),
  };
}
