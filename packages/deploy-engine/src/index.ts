export * from './machine/index.js';
export * from './processor/index.js';
