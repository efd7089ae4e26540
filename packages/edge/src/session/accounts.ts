// One MySQL account per credential on the upstream server, with privileges on that branch's physical
// databases only. MySQL itself then keeps a session inside its branch, whatever SQL it sends:
// qualified names, information_schema, SHOW DATABASES and stored routines all see only the branch, and
// server-wide statements (SET GLOBAL, CREATE USER, SHUTDOWN...) are refused by MySQL. Password roles
// are enforced by the edge on top (a writer still needs SELECT for UPDATE ... WHERE in MySQL terms).
//
// Accounts are named `lse_<edge instance>_<hash of the username>` with a random password known only
// to this edge instance, and are dropped when the edge closes.
import { createHash, randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { quoteIdentifier } from '@localscale/mysql';
import type { EdgeLogger } from '../types.js';

export interface UpstreamAccount { user: string; password: string }

const privileges = [
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'REFERENCES', 'CREATE VIEW', 'SHOW VIEW',
  'TRIGGER', 'CREATE TEMPORARY TABLES', 'LOCK TABLES', 'EXECUTE', 'CREATE ROUTINE', 'ALTER ROUTINE', 'EVENT',
].join(', ');

/** In database-level GRANTs `_` and `%` are wildcards; escape them so a grant names exactly one database. */
const grantTarget = (database: string) => `${quoteIdentifier(database.replace(/([\\_%])/g, '\\$1'))}.*`;

interface Entry extends UpstreamAccount { databases: string }

export class UpstreamAccounts {
  private readonly ready = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly created = new Set<string>();

  constructor(private readonly admin: mysql.Pool, private readonly instance: string, private readonly log?: EdgeLogger) {}

  static userFor(instance: string, username: string): string {
    return `lse_${instance}_${createHash('sha256').update(username).digest('hex').slice(0, 16)}`;
  }

  /** The account for a credential, created or re-granted when its branch databases changed. */
  async ensure(username: string, databases: readonly string[]): Promise<UpstreamAccount> {
    const key = databases.join('\n');
    const current = this.ready.get(username);
    if (current && current.databases === key) return current;
    let flight = this.pending.get(username);
    if (!flight) {
      flight = this.provision(username, databases, current).finally(() => this.pending.delete(username));
      this.pending.set(username, flight);
    }
    const entry = await flight;
    return entry.databases === key ? entry : this.ensure(username, databases);
  }

  /** Forgets an account whose upstream login failed (e.g. its password was changed), so it is re-provisioned. */
  invalidate(username: string): void {
    this.ready.delete(username);
  }

  private async provision(username: string, databases: readonly string[], previous: Entry | undefined): Promise<Entry> {
    const user = UpstreamAccounts.userFor(this.instance, username);
    const password = randomBytes(18).toString('base64url');
    await this.admin.query("CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?", [user, password]);
    this.created.add(user);
    await this.admin.query("ALTER USER ?@'%' IDENTIFIED BY ?", [user, password]);
    const keep = new Set(databases);
    for (const db of previous ? previous.databases.split('\n').filter(Boolean) : []) {
      if (!keep.has(db)) await this.admin.query(`REVOKE ALL PRIVILEGES ON ${grantTarget(db)} FROM ?@'%'`, [user]).catch(() => undefined);
    }
    for (const db of databases) await this.admin.query(`GRANT ${privileges} ON ${grantTarget(db)} TO ?@'%'`, [user]);
    const entry = { user, password, databases: databases.join('\n') };
    this.ready.set(username, entry);
    this.log?.debug('edge upstream account ready', { user, databases: databases.length });
    return entry;
  }

  async dropAll(): Promise<void> {
    for (const user of this.created) {
      await this.admin.query("DROP USER IF EXISTS ?@'%'", [user]).catch((err: Error) => this.log?.warn('could not drop edge account', { user, error: err.message }));
    }
    this.created.clear();
    this.ready.clear();
  }
}
