// Where `npm run release` puts things and what it calls them: one place, read by the release script
// and by the tests that install what it wrote.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const releaseDir = path.join(workspaceRoot, 'dist/release');

/** The repository's one version, from the root package.json. */
export const releaseVersion = (): string => (JSON.parse(readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')) as { version: string }).version;

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
  try {
    readFileSync(artifacts.sums);
    return artifacts;
  } catch {
    return undefined;
  }
}
