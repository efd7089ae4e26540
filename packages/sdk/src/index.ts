export * from './client.js';
export type { paths, components, operations } from './generated/planetscale.js';
