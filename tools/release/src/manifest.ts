// What a workspace package.json becomes in the published tarball. Pure: the workspace keeps no
// versions of its own (the root package.json holds the one version), links its packages with "*",
// and adds a `@localscale/source` export condition that points at TypeScript sources the tarball
// does not ship. The published manifest gets the version, exact versions of its sibling packages,
// and only what an installed package needs.
export interface Manifest {
  name: string;
  version?: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  [field: string]: unknown;
}

/** The export condition only this workspace resolves (its TypeScript sources). */
export const sourceCondition = '@localscale/source';

/** The manifest fields a published package must have. */
export const requiredFields = ['name', 'version', 'description', 'license', 'repository', 'homepage', 'bugs', 'engines', 'exports', 'files', 'publishConfig'] as const;

function withoutSourceCondition(target: unknown): unknown {
  if (typeof target !== 'object' || target === null) return target;
  return Object.fromEntries(Object.entries(target).filter(([k]) => k !== sourceCondition).map(([k, v]) => [k, withoutSourceCondition(v)]));
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export function publishedManifest(workspace: Manifest, version: string, siblings: readonly string[]): Manifest {
  const missing = requiredFields.filter((f) => f !== 'version' && workspace[f] === undefined);
  if (missing.length) throw new ManifestError(`${workspace.name}: package.json lacks ${missing.join(', ')}`);
  if (workspace.private) throw new ManifestError(`${workspace.name} is private`);
  const dependencies = Object.fromEntries(Object.entries(workspace.dependencies ?? {}).map(([dep, range]) => {
    if (siblings.includes(dep)) return [dep, version];
    if (dep.startsWith('@localscale/')) throw new ManifestError(`${workspace.name} depends on ${dep}, which is not published; bundle it or publish it`);
    return [dep, range];
  }));
  const { devDependencies: _dev, scripts: _scripts, private: _private, ...rest } = workspace;
  const { name, ...fields } = rest;
  return {
    name,
    version,
    ...fields,
    exports: withoutSourceCondition(rest.exports) as Record<string, unknown>,
    ...(Object.keys(dependencies).length ? { dependencies } : {}),
  };
}
