// Dropping what a test created. MariaDB now and then refuses a DROP DATABASE right after heavy DDL in
// it ("Directory not empty": InnoDB has not let go of a file yet); a second try a moment later works.
import { listPhysicalDatabases, quoteIdentifier, type Pool } from '@localscale/mysql';

export async function dropTestDatabases(admin: Pool, prefix: string, metadataSchema: string): Promise<void> {
  const names = [...await listPhysicalDatabases(admin, prefix), metadataSchema];
  for (const name of names) {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
        break;
      } catch (err) {
        if ((err as { errno?: number }).errno !== 1010 || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }
}
