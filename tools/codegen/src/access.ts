// The access table in the spec: PlanetScale's service-token accesses (`x-planetscale-accesses` at the
// top of planetscale.yaml: name -> level, description, implied accesses) and what every operation
// needs (`x-planetscale-access` on each operation of both documents). Read here, checked by `lint.ts`,
// rendered into the server's `generated/access.ts`, which its one authorization middleware reads.
import { allOperations, specFiles, type OpenApiDocument, type Surface } from './documents.js';

export const accessLevels = ['organization', 'database'] as const;
export type AccessLevel = (typeof accessLevels)[number];

/** What an operation is about: nothing (any credential), the path's organization, its database, its branch, or LocalScale's own surface. */
export const accessResources = ['none', 'organization', 'database', 'branch', 'localscale'] as const;
export type AccessResource = (typeof accessResources)[number];
export const accessLists = ['organizations', 'databases'] as const;

export interface CatalogEntry { level: AccessLevel; description: string; implies: string[] }

export interface OperationAccess {
  operationId: string;
  resource: AccessResource;
  /** Any one of these suffices (PlanetScale's "at least one of"). */
  accesses: string[];
  /** On a production branch, only these count. */
  onProductionBranch: string[] | null;
  /** A list filtered to what the credential can see, rather than refused. */
  list: (typeof accessLists)[number] | null;
}

export interface AccessProblem { file: string; message: string }

const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v as string[] : null);

export function accessCatalog(doc: OpenApiDocument): { catalog: Map<string, CatalogEntry>; problems: string[] } {
  const raw = doc['x-planetscale-accesses'];
  const catalog = new Map<string, CatalogEntry>();
  const problems: string[] = [];
  if (!raw || typeof raw !== 'object') return { catalog, problems: ['x-planetscale-accesses (the catalog of access names) is missing'] };
  for (const [name, value] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
    const level = value?.level as AccessLevel;
    if (!/^[a-z][a-z_]*$/.test(name)) problems.push(`x-planetscale-accesses: ${name} is not snake_case`);
    const unknown = Object.keys(value ?? {}).filter((k) => !['level', 'description', 'implies'].includes(k));
    if (unknown.length) problems.push(`x-planetscale-accesses.${name}: unknown keys ${unknown.join(', ')} (quote a description that has a comma)`);
    if (!accessLevels.includes(level)) problems.push(`x-planetscale-accesses.${name}: level must be one of ${accessLevels.join(', ')}`);
    if (typeof value?.description !== 'string' || !value.description) problems.push(`x-planetscale-accesses.${name}: needs a description`);
    const implies = value?.implies === undefined ? [] : strings(value.implies);
    if (!implies) problems.push(`x-planetscale-accesses.${name}: implies must be a list of access names`);
    catalog.set(name, { level, description: String(value?.description ?? ''), implies: implies ?? [] });
  }
  for (const [name, entry] of catalog) {
    for (const implied of entry.implies) {
      if (entry.level !== 'organization') problems.push(`x-planetscale-accesses.${name}: only organization-level accesses imply others`);
      if (catalog.get(implied)?.level !== 'database') problems.push(`x-planetscale-accesses.${name}: implies ${implied}, which is not a database-level access`);
    }
  }
  return { catalog, problems };
}

/** Every operation's requirement, and every problem with them (a missing row is one). */
export function operationAccesses(docs: Record<Surface, OpenApiDocument>): { operations: OperationAccess[]; problems: AccessProblem[] } {
  const { catalog, problems: catalogProblems } = accessCatalog(docs.planetscale);
  const problems: AccessProblem[] = catalogProblems.map((message) => ({ file: specFiles.planetscale, message }));
  const operations: OperationAccess[] = [];
  for (const op of allOperations(docs)) {
    const where = `${op.method.toUpperCase()} ${op.path} (${op.operationId})`;
    const fail = (message: string) => problems.push({ file: specFiles[op.surface], message: `${where}: ${message}` });
    const raw = op.operation['x-planetscale-access'] as Record<string, unknown> | undefined;
    if (!raw || typeof raw !== 'object') { fail('has no x-planetscale-access (the access it needs)'); continue; }
    const unknown = Object.keys(raw).filter((k) => !['resource', 'accesses', 'on_production_branch', 'list'].includes(k));
    if (unknown.length) fail(`x-planetscale-access has unknown keys ${unknown.join(', ')}`);
    const resource = raw.resource as AccessResource;
    if (!accessResources.includes(resource)) { fail(`x-planetscale-access.resource must be one of ${accessResources.join(', ')}`); continue; }
    const accesses = raw.accesses === undefined ? [] : strings(raw.accesses);
    const onProduction = raw.on_production_branch === undefined ? null : strings(raw.on_production_branch);
    const list = raw.list === undefined ? null : raw.list as OperationAccess['list'];
    if (!accesses) { fail('x-planetscale-access.accesses must be a list of access names'); continue; }
    if (raw.on_production_branch !== undefined && !onProduction) { fail('x-planetscale-access.on_production_branch must be a list of access names'); continue; }
    if (list !== null && !accessLists.includes(list)) fail(`x-planetscale-access.list must be one of ${accessLists.join(', ')}`);
    if (raw.accesses === undefined && (resource === 'organization' || resource === 'database' || resource === 'branch')) fail('x-planetscale-access.accesses is required for this resource (an empty list means any credential that can see it)');
    if ((resource === 'none' || resource === 'localscale') && accesses.length) fail(`a ${resource} operation needs no access names`);
    if ((resource === 'database' || resource === 'branch') && !accesses.length) fail('a database operation must name the accesses it needs');
    const level: AccessLevel = resource === 'organization' ? 'organization' : 'database';
    for (const name of [...accesses, ...(onProduction ?? [])]) {
      const entry = catalog.get(name);
      if (!entry) fail(`unknown access ${name} (not in x-planetscale-accesses)`);
      else if (entry.level !== level) fail(`${name} is a ${entry.level}-level access; a ${resource} operation needs ${level}-level ones`);
    }
    if (onProduction && resource !== 'branch') fail('on_production_branch needs resource: branch');
    for (const name of onProduction ?? []) if (!accesses.includes(name)) fail(`on_production_branch lists ${name}, which accesses does not`);
    operations.push({ operationId: op.operationId, resource, accesses, onProductionBranch: onProduction, list });
  }
  return { operations, problems };
}
