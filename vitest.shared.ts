// Shared by every package's vitest.config.ts: workspace packages resolve to their TypeScript sources,
// so tests never need a build step. Where each entry lives is read from the packages' own exports
// maps (their `@localscale/source` condition), wherever in the workspace the package is.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ViteUserConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const workspaces = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;

function sourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const dir of workspaces.map((w) => path.join(root, w.replace(/\/\*$/, '')))) {
    for (const name of readdirSync(dir)) {
      const manifest = path.join(dir, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; exports?: Record<string, unknown> };
      for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
        const source = (target as Record<string, unknown> | null)?.['@localscale/source'];
        if (typeof source !== 'string') continue;
        const id = `${pkg.name}${subpath.slice(1)}`;
        aliases.push({ find: new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`), replacement: path.join(dir, name, source) });
      }
    }
  }
  return aliases;
}

export function sharedConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return {
    resolve: {
      alias: sourceAliases(),
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
