import { describe, expect, it } from 'vitest';
import { applyStatements, diffStatements, loadStatements, SchemaStatementError, snapshotSchema, snapshotStatements, withScratchDatabase, type Row } from '../../src/index.js';
import { uniqueTag } from '../../src/testing/index.js';
import { databases, testPool } from './support.js';

const pool = testPool();
const dbs = databases(pool);

async function leftovers(prefix: string): Promise<number> {
  const [rows] = await pool.query<Row[]>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${prefix}\\_scratch\\_%`]);
  return Number(rows[0]!.n);
}

describe('scratch databases', () => {
  it('diffs user-written DDL through the server canonical form and drops its scratch databases', async () => {
    const prefix = uniqueTag();
    const changes = await diffStatements(pool,
      ['create table Users (ID int primary key, Name VARCHAR(10))'],
      ['CREATE TABLE `Users` (`ID` INT NOT NULL, `Name` varchar(10) default null, email varchar(50), PRIMARY KEY (`ID`))'],
      { prefix });
    expect(changes.map((c) => c.kind)).toEqual(['alter_table']);
    expect(changes[0]!.sql).toMatch(/^ALTER TABLE `Users` ADD COLUMN `email` varchar\(50\) .*AFTER `Name`$/);
    expect(await diffStatements(pool, ['CREATE TABLE t (a int)'], ['create table t (a INTEGER)'], { prefix })).toEqual([]);
    expect(await leftovers(prefix)).toBe(0);
  });

  it('loads declarative statements in any order (views and foreign keys before what they use)', async () => {
    const snapshot = await snapshotStatements(pool, [
      'CREATE VIEW v2 AS SELECT id FROM v1',
      'CREATE VIEW v1 AS SELECT id FROM child',
      'CREATE TABLE child (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES parent (id))',
      'CREATE TABLE parent (id int PRIMARY KEY)',
    ]);
    expect(snapshot.tables.map((t) => t.name)).toEqual(['child', 'parent']);
    expect(snapshot.views.map((t) => t.name)).toEqual(['v1', 'v2']);
  });

  it('rejects non-DDL before running anything, reports the failing statement, and drops the scratch database on failure', async () => {
    const prefix = uniqueTag();
    await expect(snapshotStatements(pool, ['CREATE TABLE t (id int)', 'DELETE FROM t'], { prefix })).rejects.toMatchObject({ kind: 'invalid' });
    const failure = await snapshotStatements(pool, ['CREATE TABLE t (id int)', 'CREATE TABLE u (id nosuchtype)'], { prefix }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SchemaStatementError);
    expect(failure).toMatchObject({ kind: 'invalid', index: 1, statement: 'CREATE TABLE u (id nosuchtype)', errno: expect.any(Number) });
    await expect(withScratchDatabase(pool, async () => { throw new Error('boom'); }, { prefix })).rejects.toThrow('boom');
    expect(await leftovers(prefix)).toBe(0);
  });
});

describe('applyStatements', () => {
  it('runs statements in the database, stops at the first failure and names it', async () => {
    const db = await dbs.fresh('apply');
    const error = await applyStatements(pool, db, [
      'CREATE TABLE a (id int PRIMARY KEY)',
      { sql: 'CREATE TABLE b (id int PRIMARY KEY, aid int, FOREIGN KEY (aid) REFERENCES missing (id))' },
      'CREATE TABLE c (id int PRIMARY KEY)',
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaStatementError);
    expect(error).toMatchObject({ index: 1, kind: 'invalid' });
    expect((await snapshotSchema(pool, db)).tables.map((t) => t.name)).toEqual(['a']);
  });

  it('can run with foreign key checks off, and puts the session back', async () => {
    const db = await dbs.fresh('apply_fk');
    await applyStatements(pool, db, ['CREATE TABLE b (id int PRIMARY KEY, aid int, FOREIGN KEY (aid) REFERENCES a (id))'], { foreignKeyChecks: false });
    expect((await snapshotSchema(pool, db)).tables.map((t) => t.name)).toEqual(['b']);
    await loadStatements(pool, db, ['CREATE TABLE a (id int PRIMARY KEY)']);
    const [rows] = await pool.query<Row[]>('SELECT @@SESSION.foreign_key_checks AS fkc, DATABASE() AS db');
    expect(rows[0]).toMatchObject({ fkc: 1, db: null });
  });
});
