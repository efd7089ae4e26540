export * from './ports.js';
export * from './errors.js';
export * from './processor.js';
