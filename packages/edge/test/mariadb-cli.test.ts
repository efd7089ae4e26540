// The `mariadb` command-line client through the edge: the PlanetScale database name, DDL and DML, its
// `use` command (COM_INIT_DB), and the errors it prints for refused credentials, roles and DDL.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Edge } from '../src/index.js';
import { mariadb } from './support/cli.js';
import { createFixture, startEdge, type Fixture } from './support/fixture.js';

let fx: Fixture;
let edge: Edge;

beforeAll(async () => {
  fx = await createFixture(inject('mysqlUrl'));
  edge = await startEdge(inject('mysqlUrl'), fx);
  fx.addCredential('cli_admin', 'pw-cli-admin', fx.dev, 'admin');
  fx.addCredential('cli_reader', 'pw-cli-reader', fx.dev, 'reader');
  fx.addCredential('cli_main', 'pw-cli-main', fx.main, 'admin');
  // A credential stored with the native-password digest only: a client answering with another plugin is
  // switched to mysql_native_password.
  const nativeOnly = fx.addCredential('cli_native', 'pw-cli-native', fx.dev, 'reader');
  nativeOnly.verifiers = nativeOnly.verifiers.filter((v) => v.kind === 'mysql_native_password');
});
afterAll(async () => {
  await edge?.close();
  await fx?.drop();
});

const as = (user: string, password: string) => ['-u', user, `-p${password}`];

it('runs DDL and DML against the branch named by the PlanetScale database', async () => {
  const r = await mariadb(edge.port, [...as('cli_admin', 'pw-cli-admin'), 'shop'], [
    'CREATE TABLE cli_t (id INT PRIMARY KEY, v VARCHAR(10));',
    "INSERT INTO cli_t VALUES (1, 'a'), (2, 'b');",
    'SELECT id, v FROM cli_t ORDER BY id;',
    'SHOW TABLES;',
  ].join('\n'));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('id\tv\n1\ta\n2\tb\n');
  expect(r.stdout).toMatch(/cli_t\nitems\n/);
  const [rows] = await fx.admin.query(`SELECT v FROM \`${fx.dev.keyspaces[0]!.databases[0]}\`.cli_t ORDER BY id`);
  expect(rows).toEqual([{ v: 'a' }, { v: 'b' }]);
});

it('switches databases with the client\'s use command (COM_INIT_DB)', async () => {
  const r = await mariadb(edge.port, as('cli_admin', 'pw-cli-admin'), 'use shop\nSELECT COUNT(*) AS n FROM items;\nSELECT DATABASE();\nuse nowhere\n');
  expect(r.stdout).toContain('n\n2\n');
  expect(r.stdout).toContain('DATABASE()\nshop\n');
  expect(r.stderr).toContain("ERROR 1049 (42000) at line 4: VT05003: unknown database 'nowhere' in vschema");
});

it('authenticates a client that answers with caching_sha2_password, or is switched to native', async () => {
  const sha = await mariadb(edge.port, ['--default-auth=caching_sha2_password', ...as('cli_reader', 'pw-cli-reader'), 'shop'], 'SELECT COUNT(*) AS n FROM items;');
  expect(sha.stderr).toBe('');
  expect(sha.stdout).toBe('n\n2\n');
  const switched = await mariadb(edge.port, ['--default-auth=caching_sha2_password', ...as('cli_native', 'pw-cli-native'), 'shop'], 'SELECT 1 AS one;');
  expect(switched.stderr).toBe('');
  expect(switched.stdout).toBe('one\n1\n');
  const ed25519 = await mariadb(edge.port, ['--default-auth=client_ed25519', ...as('cli_reader', 'pw-cli-reader'), 'shop'], 'SELECT 1 AS one;');
  expect(ed25519.stderr).toBe('');
  expect(ed25519.stdout).toBe('one\n1\n');
  const wrong = await mariadb(edge.port, ['--default-auth=caching_sha2_password', ...as('cli_native', 'nope'), 'shop'], 'SELECT 1;');
  expect(wrong.stderr).toContain('ERROR 1045 (28000)');
});

it('prints access denied for a wrong password', async () => {
  const r = await mariadb(edge.port, [...as('cli_admin', 'nope'), 'shop'], 'SELECT 1;');
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("ERROR 1045 (28000): Access denied for user 'cli_admin'@'127.0.0.1' (using password: YES)");
});

it('prints the role and safe-migration refusals', async () => {
  const reader = await mariadb(edge.port, [...as('cli_reader', 'pw-cli-reader'), 'shop'], "INSERT INTO items VALUES (5, 'x');");
  expect(reader.stderr).toContain("ERROR 1105 (HY000) at line 1: target: shop.-.primary: vttablet: rpc error: code = PermissionDenied desc = Insert command denied to user 'cli_reader'");
  const prod = await mariadb(edge.port, [...as('cli_main', 'pw-cli-main'), 'shop'], 'ALTER TABLE items ADD COLUMN c INT;');
  expect(prod.stderr).toContain('ERROR 1105 (HY000) at line 1: direct DDL is disabled');
});

it('answers SHOW VITESS_KEYSPACES and SHOW DATABASES with keyspaces', async () => {
  const r = await mariadb(edge.port, [...as('cli_reader', 'pw-cli-reader'), 'shop'], 'SHOW VITESS_KEYSPACES;\nSHOW DATABASES;');
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('Database\nshop\nDatabase\nshop\ninformation_schema\nmysql\nsys\nperformance_schema\n');
});
