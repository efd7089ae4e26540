// What a credential holds, as the access check reads it. Three shapes: everything (permissive mode,
// and configured tokens without an access list, as before service tokens had accesses); the same
// accesses everywhere (a configured token with a list: in every organization and database); or a
// token made through the API: accesses on its own organization and on some of its databases.
import { accessCatalog, type AccessName } from '../generated/access.js';

export type Grants =
  | { readonly scope: 'everything' }
  | { readonly scope: 'everywhere'; readonly accesses: ReadonlySet<AccessName> }
  | {
    readonly scope: 'organization';
    readonly organization: string;
    readonly organizationAccesses: ReadonlySet<AccessName>;
    /** Database name -> accesses granted on it. */
    readonly databases: ReadonlyMap<string, ReadonlySet<AccessName>>;
  };

export const everything: Grants = { scope: 'everything' };

export const isAccessName = (name: string): name is AccessName => Object.hasOwn(accessCatalog, name);
export const levelOf = (name: AccessName) => accessCatalog[name].level;

/** Organization-level accesses held, and the database-level ones they grant on every database. */
function organizationWide(accesses: Iterable<AccessName>): { organization: Set<AccessName>; everyDatabase: Set<AccessName> } {
  const organization = new Set<AccessName>(), everyDatabase = new Set<AccessName>();
  for (const a of accesses) {
    if (levelOf(a) === 'organization') {
      organization.add(a);
      for (const implied of accessCatalog[a].implies) everyDatabase.add(implied as AccessName);
    } else everyDatabase.add(a);
  }
  return { organization, everyDatabase };
}

/** Whether the credential belongs to (can see) the organization at all. */
export function seesOrganization(grants: Grants, organization: string): boolean {
  return grants.scope !== 'organization' || grants.organization === organization;
}

/** Organization-level accesses held on `organization`; null for everything. */
export function organizationAccesses(grants: Grants, organization: string): ReadonlySet<AccessName> | null {
  switch (grants.scope) {
    case 'everything': return null;
    case 'everywhere': return organizationWide(grants.accesses).organization;
    case 'organization': return grants.organization === organization ? grants.organizationAccesses : new Set();
  }
}

/** Database-level accesses held on one database (granted there, or by an organization-wide access); null for everything. */
export function databaseAccesses(grants: Grants, organization: string, database: string): ReadonlySet<AccessName> | null {
  switch (grants.scope) {
    case 'everything': return null;
    case 'everywhere': return organizationWide(grants.accesses).everyDatabase;
    case 'organization': {
      if (grants.organization !== organization) return new Set();
      const held = new Set(organizationWide(grants.organizationAccesses).everyDatabase);
      for (const a of grants.databases.get(database) ?? []) held.add(a);
      return held;
    }
  }
}

/** What a list shows: every item, or only these names. */
export type Visible = 'all' | readonly string[];

export interface Visibility {
  readonly organizations: Visible;
  /** Databases of `organization` the credential can see. */
  databases(organization: string): Visible;
}

export function visibilityOf(grants: Grants): Visibility {
  switch (grants.scope) {
    case 'everything': return { organizations: 'all', databases: () => 'all' };
    case 'everywhere': {
      const all = organizationWide(grants.accesses).everyDatabase.size > 0;
      return { organizations: 'all', databases: () => (all ? 'all' : []) };
    }
    case 'organization': {
      const wide = organizationWide(grants.organizationAccesses).everyDatabase.size > 0;
      const named = [...grants.databases].filter(([, set]) => set.size > 0).map(([name]) => name);
      return {
        organizations: [grants.organization],
        databases: (organization) => (organization !== grants.organization ? [] : wide ? 'all' : named),
      };
    }
  }
}

/** A token made through the API: its accesses as stored (`database` null for organization-level ones). */
export function tokenGrants(organization: string, accesses: readonly { access: string; database: string | null }[]): Grants {
  const organizationAccesses = new Set<AccessName>();
  const databases = new Map<string, Set<AccessName>>();
  for (const { access, database } of accesses) {
    if (!isAccessName(access)) continue; // a name no longer in the catalog grants nothing
    if (database === null) organizationAccesses.add(access);
    else databases.set(database, (databases.get(database) ?? new Set()).add(access));
  }
  return { scope: 'organization', organization, organizationAccesses, databases };
}

/** A configured token: every access without a list, else the listed ones everywhere. */
export function configuredGrants(accesses: readonly string[] | undefined): Grants {
  return accesses === undefined ? everything : { scope: 'everywhere', accesses: new Set(accesses.filter(isAccessName)) };
}
