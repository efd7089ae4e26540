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
