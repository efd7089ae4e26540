export { createPlanetScaleClient, defaultBaseUrl, type PlanetScaleClient, type PlanetScaleClientOptions } from './client.js';
export type { PlanetScaleApi } from './api.js';
export { authorizationHeader, type ConnectionOptions } from './options.js';
export { PlanetScaleError, isPlanetScaleError, errorKindForStatus, parseRetryAfter, type PlanetScaleErrorKind, type PlanetScaleErrorInit } from './errors.js';
export { unwrap } from './unwrap.js';
export { defaultRetryOptions, type RetryOptions, type RetryEvent } from './retry.js';
export { pages, type Paginate, type PaginatedPath, type PageItem, type PageFetcher } from './pagination.js';
export {
  WaitTimeoutError, settledDeploymentStates,
  type WaitOptions, type WaitForDeployRequestOptions, type DeployRequestProgress, type BranchProgress,
} from './waiters.js';
export type * from './types.js';
export { version } from './version.js';
export type { paths, components, operations } from './generated/planetscale.js';
export { verifyWebhookSignature } from './webhook-signature.js';
