// Shared by every package's vitest.config.ts: workspace packages resolve to their TypeScript sources,
// so tests never need a build step.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ViteUserConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

export function sharedConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return {
    resolve: {
      alias: [
        { find: /^@localscale\/([a-z-]+)$/, replacement: `${root}/packages/$1/src/index.ts` },
        { find: /^@localscale\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}/packages/$1/src/$2/index.ts` },
      ],
    },
    test: {
      environment: 'node',
      passWithNoTests: true,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      ...overrides,
    },
  };
}
