// Lint is where the architecture is enforced: @nx/enforce-module-boundaries keeps the dependency
// direction of the design (README "Repository layout": sdk and mysql depend on nothing internal; the deploy engine only
// on the Vitess port; the server at the top).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const allow = (tag, ...deps) => ({ sourceTag: `scope:${tag}`, onlyDependOnLibsWithTags: deps.map((d) => `scope:${d}`) });

const constraints = (serverExtra = []) => [
  allow('sdk'),
  allow('mysql'),
  allow('vitess', 'mysql'),
  allow('deploy-engine', 'vitess'),
  allow('edge', 'vitess', 'mysql'),
  allow('server', 'deploy-engine', 'vitess', 'mysql', 'edge', ...serverExtra),
  allow('contracts', 'sdk', 'server'),
  allow('example', 'sdk', 'server'),
  { sourceTag: 'scope:tool', onlyDependOnLibsWithTags: ['*'] },
];
const boundaries = (serverExtra) => ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: constraints(serverExtra) }];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '**/.nx/**', '**/pacts/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The server's API tests drive it the way users do: through the SDK. Production code may not.
    files: ['packages/server/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['sdk']) },
  },
  {
    // The CLI's client commands and the test-suite helper are SDK users by design; the rest of the
    // server stays free of it (it serves the API the SDK calls).
    files: ['packages/server/src/cli/**/*.ts', 'packages/server/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['sdk']) },
  },
  {
    // Build configuration reads the workspace's shared vitest settings; it is not library code.
    files: ['**/vitest.config.ts', '**/vitest.*.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // CommonJS on purpose: what a jest or plain-require user of the published packages writes.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
