// The Vitess ddl_strategy strings a deployment uses. Completion is always postponed for normal
// deployments, also with auto-apply on: the processor then issues COMPLETE as soon as every table is
// ready, so all tables cut over together and auto-apply can be switched on or off mid-deploy (Vitess
// cannot re-postpone a migration that was submitted without the flag).
const shared = '--singleton-context --in-order-completion --allow-concurrent';

export const deployStrategy = `vitess --postpone-completion ${shared}`;
/** Instant deployments apply with ALGORITHM=INSTANT where MySQL allows it, immediately, not revertible. */
export const instantStrategy = `vitess --prefer-instant-ddl ${shared}`;
export const revertStrategy = `vitess ${shared}`;

/** Vitess contexts allow [\w:-]; ids are lowercase alphanumerics. */
export const migrationContextFor = (requestId: string, at: string) => `localscale:${requestId}:${Date.parse(at)}`;
export const revertContextFor = (migrationContext: string) => `${migrationContext}:revert`;
