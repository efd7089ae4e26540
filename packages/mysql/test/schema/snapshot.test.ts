import { describe, expect, inject, it } from 'vitest';
import { createPool, isInternalArtifact, loadStatements, snapshotSchema, StorageError } from '../../src/index.js';
import { databases, testPool } from './support.js';

const pool = testPool();
const dbs = databases(pool);

describe('isInternalArtifact', () => {
  it.each([
    '_vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_',
    '_vt_prg_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_',
    '_vt_evc_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_',
    '_vt_drp_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_',
    '_vt_vrp_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_',
    '_vt_HOLD_6ace8bcef73211ea87e9f875a4d24e90_20200915120410',
    '_c26f3b5e_6b50_11ee_808b_0a43f95f28a3_20231015114830_vrepl',
  ])('hides %s', (name) => expect(isInternalArtifact(name)).toBe(true));

  it.each(['users', 'vt_users', '_vtx', '_users_vrepl', '_c26f3b5e_6b50_11ee_808b_0a43f95f28a3_vrepl'])('keeps %s', (name) => {
    expect(isInternalArtifact(name)).toBe(false);
  });
});

describe('snapshotSchema', () => {
  it('reads canonical tables and views, hiding Vitess artifacts, AUTO_INCREMENT counters and definers', async () => {
    const db = await dbs.fresh('snap');
    await loadStatements(pool, db, [
      'CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY, name varchar(20)) AUTO_INCREMENT=42',
      'CREATE TABLE _vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_ (id int)',
      'CREATE TABLE _c26f3b5e_6b50_11ee_808b_0a43f95f28a3_20231015114830_vrepl (id int)',
      'CREATE VIEW names AS SELECT name FROM users',
    ]);
    const snapshot = await snapshotSchema(pool, db);
    expect(snapshot.tables.map((t) => t.name)).toEqual(['users']);
    expect(snapshot.views.map((v) => v.name)).toEqual(['names']);
    const users = snapshot.tables[0]!.create;
    expect(users).toMatch(/^CREATE TABLE `users` \(/);
    expect(users).not.toMatch(/AUTO_INCREMENT=/);
    expect(users).toMatch(/AUTO_INCREMENT/); // the column attribute stays
    const view = snapshot.views[0]!.create;
    expect(view).not.toMatch(/DEFINER=/);
    expect(view).not.toContain(db); // references are unqualified
    expect(view).toMatch(/^CREATE ALGORITHM=\w+ SQL SECURITY DEFINER VIEW `names` AS /);
  });

  it('gives the same snapshot for the same schema in two databases', async () => {
    const schema = ['CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE c (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES p (id))',
      'CREATE VIEW v AS SELECT c.id, p.id AS pid FROM c JOIN p ON c.pid = p.id'];
    const one = await dbs.fresh('one');
    const two = await dbs.fresh('two');
    // A pool whose connections have no default database: snapshots must not depend on it.
    const bare = createPool(inject('mysqlUrl'), { connectionLimit: 2 });
    try {
      for (const db of [one, two]) {
        const conn = await bare.getConnection();
        await conn.query(`USE \`${db}\``);
        for (const sql of schema) await conn.query(sql);
        conn.destroy();
      }
      expect(await snapshotSchema(bare, one)).toEqual(await snapshotSchema(bare, two));
    } finally {
      await bare.end();
    }
  });

  it('returns an empty snapshot for an empty database and not_found for a missing one', async () => {
    const db = await dbs.fresh('empty');
    expect(await snapshotSchema(pool, db)).toEqual({ tables: [], views: [] });
    await expect(snapshotSchema(pool, `${db}_missing`)).rejects.toSatisfy((e: unknown) => e instanceof StorageError && e.kind === 'not_found');
  });
});
