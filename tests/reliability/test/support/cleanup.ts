// Dropping what a test created. MariaDB now and then refuses a DROP DATABASE right after heavy DDL in
// it ("Directory not empty", errno 1010/39): InnoDB has not let go of a file yet, or an ALTER that was
// cut short left a `#sql-...` temporary file that MySQL does not count as a table. The test's own
// private server is the only one touched here: retries wait for InnoDB (up to ~30 s on a loaded
// machine), and leftover `#sql` temporaries in the database's directory are removed before the last
// tries. Anything else left there is named in the error.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { listPhysicalDatabases, quoteIdentifier, type Pool, type Row } from '@localscale/mysql';

const attempts = 8;

export async function dropTestDatabases(admin: Pool, prefix: string, metadataSchema: string): Promise<void> {
  const names = [...await listPhysicalDatabases(admin, prefix), metadataSchema];
  for (const name of names) {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
        break;
      } catch (err) {
        if ((err as { errno?: number }).errno !== 1010) throw err;
        const left = await leftovers(admin, name);
        if (attempt >= attempts) throw new Error(`${(err as Error).message}; left in the directory: ${left.join(', ') || '(nothing readable)'}`, { cause: err });
        if (attempt >= attempts / 2) await removeTemporaries(admin, name, left);
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }
}

async function directoryOf(admin: Pool, database: string): Promise<string | null> {
  const [[row]] = await admin.query<Row[]>('SELECT @@datadir AS dir');
  const dir = row?.dir;
  // Only a server on this machine (the test's private one) has a directory we can read.
  return typeof dir === 'string' ? path.join(dir, database) : null;
}

async function leftovers(admin: Pool, database: string): Promise<string[]> {
  const dir = await directoryOf(admin, database);
  return dir ? readdir(dir).catch(() => []) : [];
}

async function removeTemporaries(admin: Pool, database: string, files: readonly string[]): Promise<void> {
  const dir = await directoryOf(admin, database);
  if (!dir) return;
  for (const f of files) if (f.startsWith('#sql')) await rm(path.join(dir, f), { force: true }).catch(() => undefined);
}
