import { describe, expect, it } from 'vitest';
import { copySchema, loadStatements, snapshotSchema, type CopyProgress, type Row } from '../../src/index.js';
import { databases, testPool } from './support.js';

const pool = testPool();
const dbs = databases(pool);

describe('copySchema', () => {
  it('copies tables with foreign keys (cycles and self-references included) and views over views', async () => {
    const from = await dbs.fresh('from');
    await loadStatements(pool, from, [
      'CREATE VIEW top_orders AS SELECT id FROM big_orders WHERE total > 1000',
      'CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100',
      'CREATE TABLE orders (id int AUTO_INCREMENT PRIMARY KEY, customer_id int, total decimal(10,2), CONSTRAINT o_c FOREIGN KEY (customer_id) REFERENCES customers (id))',
      'CREATE TABLE customers (id int PRIMARY KEY, referrer int, best_order int, CONSTRAINT c_ref FOREIGN KEY (referrer) REFERENCES customers (id), CONSTRAINT c_best FOREIGN KEY (best_order) REFERENCES orders (id))',
      'CREATE TABLE notes (id int PRIMARY KEY, body text, FULLTEXT KEY body (body)) ENGINE=InnoDB',
    ]);
    await pool.query(`INSERT INTO \`${from}\`.customers (id) VALUES (1)`);
    const to = `${from}_copy`;
    await dbs.fresh('from_copy').then((name) => pool.query(`DROP DATABASE \`${name}\``));
    const progress: CopyProgress[] = [];
    await copySchema(pool, from, to, { onProgress: (p) => progress.push(p) });
    expect(await snapshotSchema(pool, to)).toEqual(await snapshotSchema(pool, from));
    expect(progress.at(-1)).toEqual({ done: 5, total: 5 });
    const [rows] = await pool.query<Row[]>(`SELECT COUNT(*) AS n FROM \`${to}\`.customers`);
    expect(Number(rows[0]!.n)).toBe(0); // schema only, no data
  });

  it('creates the target database with the source default charset and leaves foreign key checks on afterwards', async () => {
    const from = await dbs.fresh('latin');
    await pool.query(`ALTER DATABASE \`${from}\` DEFAULT CHARACTER SET latin1 COLLATE latin1_swedish_ci`);
    await loadStatements(pool, from, ['CREATE TABLE t (id int PRIMARY KEY, s varchar(10))']);
    const to = await dbs.fresh('latin_copy');
    await pool.query(`DROP DATABASE \`${to}\``);
    await copySchema(pool, from, to);
    const [[schema]] = await pool.query<Row[]>('SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [to]);
    expect(schema!.cs).toBe('latin1');
    const conns = await Promise.all(Array.from({ length: 8 }, () => pool.getConnection()));
    try {
      for (const conn of conns) {
        const [[row]] = await conn.query<Row[]>('SELECT @@SESSION.foreign_key_checks AS fkc');
        expect(Number(row!.fkc)).toBe(1);
      }
    } finally {
      conns.forEach((c) => c.release());
    }
  });
});
