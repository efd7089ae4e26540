// Password roles, as PlanetScale enforces them in vttablet's table ACLs: which role may run what, and
// the error a refused statement gets. The text is vttablet's ACL error as vtgate relays it
// (errno 1105, e.g. "Select command denied to user 'u', in groups [planetscale-writer-only], for
// table 't' (ACL check error) (CallerID: u)"); the group names are the ones PlanetScale's
// troubleshooting page shows for each role.
import { SqlError } from '../errors.js';
import type { Access } from '../sql/statement.js';
import type { PasswordRole } from '../types.js';

const groups: Record<PasswordRole, string> = {
  reader: 'planetscale-reader',
  writer: 'planetscale-writer-only',
  readwriter: 'planetscale-writer',
  admin: 'planetscale-admin',
};

const allowed: Record<PasswordRole, ReadonlySet<Access>> = {
  reader: new Set(['any', 'read']),
  writer: new Set(['any', 'write']),
  readwriter: new Set(['any', 'read', 'write', 'readwrite']),
  admin: new Set(['any', 'read', 'write', 'readwrite', 'ddl', 'admin']),
};

export const roleAllows = (role: PasswordRole, access: Access) => allowed[role].has(access);

export interface AclTarget { keyspace: string; shard: string }

export function aclDenied(plan: string, username: string, role: PasswordRole, table: string | null, target: AclTarget | null): SqlError {
  const what = table === null ? 'for a table set that cannot be determined' : `for table '${table}'`;
  const desc = `${plan} command denied to user '${username}', in groups [${groups[role]}], ${what} (ACL check error) (CallerID: ${username})`;
  const prefix = target ? `target: ${target.keyspace}.${target.shard}.primary: ` : '';
  return new SqlError(1105, 'HY000', `${prefix}vttablet: rpc error: code = PermissionDenied desc = ${desc}`);
}
