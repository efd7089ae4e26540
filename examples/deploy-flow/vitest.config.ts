// In a project of your own this can be an empty defineConfig({}); inside the LocalScale repository the
// shared settings make @localscale/* resolve to their TypeScript sources.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default defineConfig(sharedConfig({ include: ['test/*.test.ts'] }));
