export * from './states.js';
export * from './model.js';
export * from './effects.js';
export * from './rows.js';
export * from './strategy.js';
export * from './decide.js';
export * from './actions.js';
export * from './prepare.js';
