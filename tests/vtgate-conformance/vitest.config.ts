import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';
import { workers } from './test/workers.js';

// The scenarios are the vitess package's conformance files themselves, run here against LocalScale's
// edge through the vtgate adapter (this project may depend on the server; the vitess package may not).
export default defineConfig(sharedConfig({
  dir: fileURLToPath(new URL('../../packages/vitess/test/conformance', import.meta.url)),
  include: ['**/*.test.ts'],
  globalSetup: ['test/global-setup.ts'],
  setupFiles: ['test/setup.ts'],
  maxWorkers: workers,
  // The migrations run in this process (LocalScale's engines), the scenarios in the workers.
  testTimeout: 240_000,
  hookTimeout: 120_000,
}));
