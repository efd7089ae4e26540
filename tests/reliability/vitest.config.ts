import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Most of the time here is spent waiting on MySQL and on LocalScale processes, not on the CPU, so
// test files run three at a time even on a 2-core machine.
export default defineConfig(sharedConfig({
  globalSetup: ['test/global-setup.ts'],
  maxWorkers: 3,
  testTimeout: 180_000,
  hookTimeout: 180_000,
}));
