export * from './documents.js';
export * from './render.js';
export * from './lint.js';
