export * from './columns.js';
export * from './row.js';
export * from './engine.js';
export * from './errors.js';
export * from './decode.js';
