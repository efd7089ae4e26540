// What the metadata schema stores, as plain records. The server turns these into PlanetScale's API
// shapes; nothing here is an API type.
export interface OrganizationRecord {
  id: string; name: string; billingEmail: string | null; plan: string; createdAt: string; updatedAt: string;
}

export interface DatabaseRecord {
  id: string; organizationId: string; organization: string; name: string; region: string; clusterSize: string;
  state: string; defaultBranch: string; requireApprovalForDeploy: boolean; allowDataBranching: boolean;
  notes: string | null; createdAt: string; updatedAt: string;
}

export interface BranchRecord {
  id: string; databaseId: string; name: string; parentBranch: string | null; production: boolean;
  safeMigrations: boolean; ready: boolean; region: string; errorMessage: string | null; actorId: string | null;
  schemaLastUpdatedAt: string | null; createdAt: string; updatedAt: string;
}

export interface KeyspaceRecord {
  id: string; branchId: string; name: string; shards: number; sharded: boolean; vschema: string | null;
  createdAt: string; updatedAt: string;
}

export interface Page { page: number; perPage: number }

/** Callers that change the metadata other than through this module's write functions say so (see cache.ts). */
export { metadataChanged } from './cache.js';
export interface PageOf<T> { items: T[]; total: number }
