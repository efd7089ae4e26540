// Short names for the API shapes generated from the spec.
import type { components } from '../generated/openapi.js';

export type Schemas = components['schemas'];
export type Schema<K extends keyof Schemas> = Schemas[K];
