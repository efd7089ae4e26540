import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// One consumer project, installed once, is exercised on every Node line in turn: keep files serial.
// fixtures/ holds the consumer's own test files, run by its own vitest and jest, not by this one.
const config = sharedConfig({ include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 600_000, fileParallelism: false });
// The shared aliases map @localscale/<name> into packages/; the release tool lives in tools/.
(config.resolve!.alias as { find: RegExp | string; replacement: string }[]).unshift({ find: '@localscale/release', replacement: fileURLToPath(new URL('../../tools/release/src/index.ts', import.meta.url)) });
export default defineConfig(config);
