// Where `npm run release` puts things and what it calls them: one place, read by the release script
// and by the tests that install what it wrote.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const releaseDir = path.join(workspaceRoot, 'dist/release');

/** The repository's one version: the root package.json's `version` is its only home (codegen writes it into each package's version.ts). */
export function releaseVersion(): string {
  const { version } = JSON.parse(readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`package.json: version ${JSON.stringify(version)} is not a semantic version`);
  return version;
}

export interface ReleaseArtifacts { version: string; dir: string; sdk: string; server: string; binary: string; sums: string }

/** The published packages, in the order they depend on each other. */
export const publishedPackages = [
  { name: '@localscale/sdk', dir: 'packages/sdk' },
  { name: '@localscale/server', dir: 'packages/server' },
] as const;

export function releaseArtifacts(version = releaseVersion(), dir = releaseDir): ReleaseArtifacts {
  const platform = `${process.platform}-${process.arch}`;
  return {
    version,
    dir,
    sdk: path.join(dir, `localscale-sdk-${version}.tgz`),
    server: path.join(dir, `localscale-server-${version}.tgz`),
    binary: path.join(dir, `localscale-${version}-${platform}${process.platform === 'win32' ? '.exe' : ''}`),
    sums: path.join(dir, 'SHA256SUMS'),
  };
}

/** The artifacts of the last `npm run release`, or undefined if it has not run for this version. */
export function readRelease(): ReleaseArtifacts | undefined {
  const artifacts = releaseArtifacts();
  return existsSync(artifacts.sums) ? artifacts : undefined;
}
