// Names for the spec's types, so users and the resource layer never restate a shape the spec already
// defines: every alias here points into the generated `components` and `operations`.
import type { components, operations } from './generated/planetscale.js';

type Schemas = components['schemas'];

/** Any schema of the spec by name, e.g. `Schema<'PaginatedDatabase'>`. */
export type Schema<N extends keyof Schemas> = Schemas[N];

export type Organization = Schemas['Organization'];
export type Database = Schemas['Database'];
export type Branch = Schemas['Branch'];
export type Keyspace = Schemas['Keyspace'];
export type VSchema = Schemas['VSchema'];
export type Password = Schemas['Password'];
export type DeployRequest = Schemas['DeployRequest'];
export type DeployRequestReview = Schemas['DeployRequestReview'];
export type Deployment = Schemas['Deployment'];
export type DeploymentState = Schemas['DeploymentState'];
export type DeployOperation = Schemas['DeployOperation'];
export type ThrottlerConfigurations = Schemas['ThrottlerConfigurations'];
export type Webhook = Schemas['Webhook'];
export type WebhookEvent = Schemas['WebhookEvent'];
export type ServiceToken = Schemas['ServiceToken'];
export type ServiceTokenAccess = Schemas['ServiceTokenAccess'];
export type Pagination = Schemas['Pagination'];
export type ApiError = Schemas['Error'];

export type OperationId = keyof operations;

/** The query parameters of an operation (all optional in PlanetScale's API). */
export type QueryOf<O extends OperationId> = NonNullable<operations[O]['parameters']['query']>;

/** The JSON request body of an operation. */
export type BodyOf<O extends OperationId> = operations[O] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
