// Three projects, run by separate nx targets because they must not overlap: `consumer` writes the
// pact files, `provider` verifies LocalScale against them (and `planetscale` real PlanetScale, on
// request), `checks` holds the coverage check and the tests of the verification itself.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

const shared = sharedConfig();

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    // Pact reports usage to a remote service unless told not to; nothing here may reach the network.
    env: { PACT_DO_NOT_TRACK: 'true' },
    projects: [
      // Files write into the same pact files, one after the other.
      { extends: true, test: { name: 'consumer', include: ['test/consumer/**/*.pact.test.ts'], fileParallelism: false, globalSetup: ['test/consumer/global-setup.ts'] } },
      { extends: true, test: { name: 'provider', include: ['test/provider/localscale.verify.test.ts'], globalSetup: ['test/global-setup.ts'], testTimeout: 10 * 60_000 } },
      { extends: true, test: { name: 'planetscale', include: ['test/provider/planetscale.verify.test.ts'], testTimeout: 60 * 60_000, hookTimeout: 60 * 60_000 } },
      // The files share one LocalScale whose organization each state resets: one file at a time.
      { extends: true, test: { name: 'checks', include: ['test/*.test.ts'], globalSetup: ['test/global-setup.ts'], fileParallelism: false, testTimeout: 5 * 60_000 } },
    ],
  },
});
