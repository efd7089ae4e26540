import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// One consumer project, installed once, is exercised on every Node line in turn: keep files serial.
// fixtures/ holds the consumer's own test files, run by its own vitest and jest, not by this one.
export default defineConfig(sharedConfig({ include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000, fileParallelism: false }));
