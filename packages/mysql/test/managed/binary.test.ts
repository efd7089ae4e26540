import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMysqlBinary, MysqlNotInstalledError, parseVersionOutput, startManagedMysql } from '../../src/managed/index.js';
import { removeDir } from './helpers.js';

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map(removeDir));
});

async function fakeServer(versionLine: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ls-test-fakebin-'));
  scratch.push(dir);
  const file = path.join(dir, 'mysqld');
  await writeFile(file, `#!/bin/sh\necho '${versionLine}'\n`);
  await chmod(file, 0o755);
  return file;
}

function expectInstallHint(err: unknown): void {
  expect(err).toBeInstanceOf(MysqlNotInstalledError);
  const message = (err as Error).message;
  expect(message).toContain('apt-get install -y mariadb-server');
  expect(message).toContain('MariaDB >= 10.6 or MySQL 8');
  expect(message).toContain('--mysql-url');
}

describe('findMysqlBinary', () => {
  it('finds the installed MariaDB and its install script', async () => {
    const binary = await findMysqlBinary();
    expect(binary.flavor).toBe('mariadb');
    expect(path.basename(binary.mysqld)).toBe('mariadbd');
    expect(binary.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(binary.installDb).toMatch(/(mariadb-install-db|mysql_install_db)$/);
  });

  it('rejects a bogus explicit binary with the install hint', async () => {
    const err = await findMysqlBinary({ binary: '/nonexistent/bin/mysqld' }).catch((e: unknown) => e);
    expectInstallHint(err);
    expect((err as Error).message).toContain('/nonexistent/bin/mysqld');
  });

  it('reports "not installed" when nothing is on PATH or in the search directories', async () => {
    expectInstallHint(await findMysqlBinary({ env: { PATH: '' }, searchDirs: [] }).catch((e: unknown) => e));
  });

  it('honours LOCALSCALE_MYSQLD', async () => {
    const binary = await findMysqlBinary({ env: { PATH: '', LOCALSCALE_MYSQLD: '/usr/sbin/mysqld' }, searchDirs: [] });
    expect(binary.mysqld).toBe('/usr/sbin/mysqld');
    expect(binary.flavor).toBe('mariadb');
    expectInstallHint(await findMysqlBinary({ env: { PATH: '', LOCALSCALE_MYSQLD: '/nope/mariadbd' } }).catch((e: unknown) => e));
  });

  it('rejects servers that are too old', async () => {
    const old = await fakeServer('/usr/sbin/mysqld  Ver 5.7.44 for Linux on x86_64 (MySQL Community Server (GPL))');
    const err = await findMysqlBinary({ binary: old }).catch((e: unknown) => e);
    expectInstallHint(err);
    expect((err as Error).message).toMatch(/MySQL 5\.7\.44 is too old/);

    const oldMaria = await fakeServer('mysqld  Ver 10.5.23-MariaDB-0+deb11u1 for debian-linux-gnu on x86_64 (Debian 11)');
    const dir = path.dirname(oldMaria);
    const err2 = await findMysqlBinary({ env: { PATH: dir }, searchDirs: [] }).catch((e: unknown) => e);
    expectInstallHint(err2);
    expect((err2 as Error).message).toMatch(/MariaDB 10\.5\.23 is too old/);
  });

  it('startManagedMysql surfaces the same error', async () => {
    expectInstallHint(await startManagedMysql({ binary: '/nonexistent/mysqld' }).catch((e: unknown) => e));
  });
});

describe('parseVersionOutput', () => {
  it.each([
    ['mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)', 'mariadb', '10.11.19'],
    ['/opt/homebrew/opt/mariadb/bin/mysqld  Ver 11.4.2-MariaDB for osx10.19 on arm64 (Homebrew)', 'mariadb', '11.4.2'],
    ['/usr/sbin/mysqld  Ver 8.0.36-0ubuntu0.22.04.1 for Linux on x86_64 ((Ubuntu))', 'mysql', '8.0.36'],
    ['/opt/homebrew/opt/mariadb/bin/mysqld  Ver 8.4.3 for macos14.4 on arm64 (Homebrew)', 'mysql', '8.4.3'],
  ])('%s', (output, flavor, version) => {
    expect(parseVersionOutput(output)).toMatchObject({ flavor, version });
  });

  it('returns undefined for unrelated output', () => {
    expect(parseVersionOutput('bash: mysqld: command not found')).toBeUndefined();
  });
});
