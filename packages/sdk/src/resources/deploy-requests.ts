// Deploy requests, with methods named after what PlanetScale calls each action (its CLI verbs and
// dashboard buttons), not after the URL segments: `applyDeploy` is `/apply-deploy`, `revert` is
// `/revert`, `completeDeploy` is `/complete-deploy` (finishing an errored deployment).
import type { PlanetScaleApi } from '../api.js';
import type { BodyOf, DeployRequest, DeployRequestReview, Deployment, QueryOf, Schema, ThrottlerConfigurations } from '../types.js';
import { unwrap } from '../unwrap.js';

const all = '/organizations/{organization}/databases/{database}/deploy-requests';
const one = '/organizations/{organization}/databases/{database}/deploy-requests/{number}';
const at = (organization: string, database: string, number: number) => ({ params: { path: { organization, database, number } } });

export const deployRequests = (api: PlanetScaleApi) => {
  const post = (action: 'deploy' | 'apply-deploy' | 'cancel' | 'complete-deploy' | 'force-cutover' | 'revert' | 'skip-revert') =>
    (organization: string, database: string, number: number): Promise<DeployRequest> =>
      unwrap(api.POST(`${one}/${action}`, at(organization, database, number)));
  const review = (organization: string, database: string, number: number, body: BodyOf<'review_deploy_request'>): Promise<DeployRequestReview> =>
    unwrap(api.POST(`${one}/reviews`, { ...at(organization, database, number), body }));

  return {
    list: (organization: string, database: string, query?: QueryOf<'list_deploy_requests'>): Promise<Schema<'PaginatedDeployRequest'>> =>
      unwrap(api.GET(all, { params: { path: { organization, database }, query } })),
    create: (organization: string, database: string, body: BodyOf<'create_deploy_request'>): Promise<DeployRequest> =>
      unwrap(api.POST(all, { params: { path: { organization, database } }, body })),
    get: (organization: string, database: string, number: number): Promise<DeployRequest> =>
      unwrap(api.GET(one, at(organization, database, number))),
    close: (organization: string, database: string, number: number): Promise<DeployRequest> =>
      unwrap(api.PATCH(one, { ...at(organization, database, number), body: { state: 'closed' } })),
    /** Queues the deployment (`pscale deploy-request deploy`). */
    deploy: (organization: string, database: string, number: number, body?: BodyOf<'queue_deploy_request'>): Promise<DeployRequest> =>
      unwrap(api.POST(`${one}/deploy`, { ...at(organization, database, number), body })),
    /** Cuts over a gated deployment waiting in `pending_cutover`. */
    applyDeploy: post('apply-deploy'),
    cancel: post('cancel'),
    /** Completes a deployment that ended in error, unblocking the deploy queue. */
    completeDeploy: post('complete-deploy'),
    forceCutover: post('force-cutover'),
    /** Reverts a deployed change during its revert window. */
    revert: post('revert'),
    /** Ends the revert window now, making the deployment final. */
    skipRevert: post('skip-revert'),
    autoApply: (organization: string, database: string, number: number, enable: boolean): Promise<DeployRequest> =>
      unwrap(api.PUT(`${one}/auto-apply`, { ...at(organization, database, number), body: { enable } })),
    autoDeleteBranch: (organization: string, database: string, number: number, enable: boolean): Promise<DeployRequest> =>
      unwrap(api.PUT(`${one}/auto-delete-branch`, { ...at(organization, database, number), body: { enable } })),
    deployment: (organization: string, database: string, number: number): Promise<Deployment> =>
      unwrap(api.GET(`${one}/deployment`, at(organization, database, number))),
    operations: (organization: string, database: string, number: number, query?: QueryOf<'list_deploy_operations'>): Promise<Schema<'PaginatedDeployOperation'>> =>
      unwrap(api.GET(`${one}/operations`, { params: { path: { organization, database, number }, query } })),
    diff: (organization: string, database: string, number: number): Promise<Schema<'TableSchemaList'>> =>
      unwrap(api.GET(`${one}/diff`, at(organization, database, number))),
    reviews: (organization: string, database: string, number: number, query?: QueryOf<'list_deploy_request_reviews'>): Promise<Schema<'PaginatedDeployRequestReview'>> =>
      unwrap(api.GET(`${one}/reviews`, { params: { path: { organization, database, number }, query } })),
    review,
    approve: (organization: string, database: string, number: number, comment?: string): Promise<DeployRequestReview> =>
      review(organization, database, number, { state: 'approved', body: comment }),
    throttler: (organization: string, database: string, number: number): Promise<ThrottlerConfigurations> =>
      unwrap(api.GET(`${one}/throttler`, at(organization, database, number))),
    /** Sets the throttle ratio (0 to 95) of the deployment's schema-change copy. */
    throttle: (organization: string, database: string, number: number, body: BodyOf<'update_deploy_request_throttler'>): Promise<ThrottlerConfigurations> =>
      unwrap(api.PATCH(`${one}/throttler`, { ...at(organization, database, number), body })),
    /** The deployments queued on the database, in order. */
    queue: (organization: string, database: string, query?: QueryOf<'get_deploy_queue'>): Promise<Schema<'PaginatedDeployment'>> =>
      unwrap(api.GET('/organizations/{organization}/databases/{database}/deploy-queue', { params: { path: { organization, database }, query } })),
  };
};
