import { describe, expect, it } from 'vitest';
import { instantEligibility, loadStatements, snapshotSchema, withInstantAlgorithm, type Row } from '../../src/index.js';
import { uniqueTag } from '../../src/testing/index.js';
import { databases, testPool } from './support.js';

const pool = testPool();
const dbs = databases(pool);

async function scratchLeftovers(prefix: string): Promise<string[]> {
  const [rows] = await pool.query<Row[]>('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${prefix}\\_scratch\\_%`]);
  return rows.map((r) => String(r.name));
}

describe('withInstantAlgorithm', () => {
  it('appends or replaces the algorithm', () => {
    expect(withInstantAlgorithm('ALTER TABLE `t` ADD COLUMN `x` int;')).toBe('ALTER TABLE `t` ADD COLUMN `x` int, ALGORITHM=INSTANT');
    expect(withInstantAlgorithm('ALTER TABLE t ALGORITHM=COPY, ADD COLUMN x int')).toBe('ALTER TABLE t ALGORITHM=INSTANT, ADD COLUMN x int');
    expect(withInstantAlgorithm("ALTER TABLE t COMMENT='ALGORITHM=COPY'")).toBe("ALTER TABLE t COMMENT='ALGORITHM=COPY', ALGORITHM=INSTANT");
  });
});

describe('instantEligibility', () => {
  it('asks the server on a scratch copy: ADD COLUMN is instant, ADD INDEX is not', async () => {
    const db = await dbs.fresh('instant');
    await loadStatements(pool, db, [
      'CREATE TABLE parent (id int PRIMARY KEY)',
      'CREATE TABLE users (id int PRIMARY KEY, name varchar(20), parent_id int, CONSTRAINT u_p FOREIGN KEY (parent_id) REFERENCES parent (id))',
    ]);
    await pool.query(`INSERT INTO \`${db}\`.parent VALUES (1)`);
    await pool.query(`INSERT INTO \`${db}\`.users VALUES (1, 'a', 1)`);
    const before = await snapshotSchema(pool, db);
    const prefix = uniqueTag();

    const addColumn = await instantEligibility(pool, db, ['ALTER TABLE `users` ADD COLUMN `email` varchar(100) DEFAULT NULL AFTER `name`'], { prefix });
    expect(addColumn.statements).toEqual([{ sql: 'ALTER TABLE `users` ADD COLUMN `email` varchar(100) DEFAULT NULL AFTER `name`', table: 'users', eligible: true, reason: null }]);
    expect(addColumn.eligible).toBe(true);

    const mixed = await instantEligibility(pool, db, [
      { sql: 'CREATE TABLE `other` (`id` int NOT NULL, PRIMARY KEY (`id`))' },
      { sql: 'ALTER TABLE `users` ADD COLUMN `age` int DEFAULT NULL' },
      { sql: 'ALTER TABLE `users` ADD KEY `name_idx` (`name`)' },
    ], { prefix });
    expect(mixed.statements.map((s) => s.eligible)).toEqual([true, true, false]);
    expect(mixed.statements[2]!.reason).toMatch(/ALGORITHM=INSTANT/i);
    expect(mixed.eligible).toBe(false);
    expect(mixed.allEligible).toBe(false);

    const onlyCreate = await instantEligibility(pool, db, ['CREATE TABLE x (id int PRIMARY KEY)'], { prefix });
    expect(onlyCreate).toMatchObject({ allEligible: true, eligible: false });

    // Later statements see earlier ones: dropping the column added just before is instant too.
    const chained = await instantEligibility(pool, db, ['ALTER TABLE users ADD COLUMN tmp int', 'ALTER TABLE users DROP COLUMN tmp'], { prefix });
    expect(chained.statements.map((s) => s.eligible)).toEqual([true, true]);

    expect(await snapshotSchema(pool, db)).toEqual(before);
    expect(await scratchLeftovers(prefix)).toEqual([]);
  });

  it('rejects statements that are not schema DDL before running anything', async () => {
    const db = await dbs.fresh('instant_bad');
    await expect(instantEligibility(pool, db, ['DELETE FROM users'])).rejects.toMatchObject({ kind: 'invalid' });
  });
});
