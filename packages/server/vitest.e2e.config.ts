// End-to-end tests of built artefacts (the standalone binary); `nx run server:e2e` builds them first.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default defineConfig(sharedConfig({ include: ['test/e2e/**/*.e2e.ts'], globalSetup: ['test/global-setup.ts'] }));
