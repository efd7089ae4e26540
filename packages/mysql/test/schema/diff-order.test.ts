// The shape of the differ's output: what depends on what, and one ALTER per table unless the server
// needs two. (The corpus proves every output applies; these pin the order and statement count.)
import { describe, expect, it } from 'vitest';
import { diffSchemas, snapshotStatements, type SchemaChange } from '../../src/index.js';
import { testPool } from './support.js';

const pool = testPool();

async function diff(a: string[], b: string[]): Promise<string[]> {
  const [sa, sb] = await Promise.all([snapshotStatements(pool, a), snapshotStatements(pool, b)]);
  return diffSchemas(sa, sb).map((c: SchemaChange) => `${c.kind} ${c.name}`);
}

describe('diffSchemas ordering', () => {
  it('creates foreign key targets first and drops them last', async () => {
    const schema = [
      'CREATE TABLE a_child (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES z_parent (id))',
      'CREATE TABLE z_parent (id int PRIMARY KEY)',
    ];
    expect(await diff([], schema)).toEqual(['create_table z_parent', 'create_table a_child']);
    expect(await diff(schema, [])).toEqual(['drop_table a_child', 'drop_table z_parent']);
  });

  it('breaks a foreign key cycle with a separate ALTER', async () => {
    const cycle = [
      'CREATE TABLE a (id int PRIMARY KEY, b_id int, CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id))',
      'CREATE TABLE b (id int PRIMARY KEY, a_id int, CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a (id))',
    ];
    expect(await diff([], cycle)).toEqual(['create_table a', 'create_table b', 'alter_table a']);
    expect(await diff(cycle, [])).toEqual(['alter_table a', 'drop_table b', 'drop_table a']);
  });

  it('puts all changes of a table in one ALTER, except a foreign key re-added under its own name', async () => {
    const parent = 'CREATE TABLE p (id int PRIMARY KEY)';
    const changes = await diff(
      [parent, 'CREATE TABLE t (id int PRIMARY KEY, a int, b int, pid int, KEY ka (a), CONSTRAINT t_p FOREIGN KEY (pid) REFERENCES p (id))'],
      [parent, "CREATE TABLE t (id int PRIMARY KEY, a bigint, c int, pid int, KEY kc (c), CONSTRAINT t_p FOREIGN KEY (pid) REFERENCES p (id)) COMMENT='x'"]);
    expect(changes).toEqual(['alter_table t']);
    const readded = await diff(
      [parent, 'CREATE TABLE t (id int PRIMARY KEY, pid int, CONSTRAINT t_p FOREIGN KEY (pid) REFERENCES p (id))'],
      [parent, 'CREATE TABLE t (id int PRIMARY KEY, pid int, CONSTRAINT t_p FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE)']);
    expect(readded).toEqual(['alter_table t', 'alter_table t']);
  });

  it('drops old views first and creates views after the tables and views they read', async () => {
    const changes = await diff(
      ['CREATE TABLE t (id int PRIMARY KEY)', 'CREATE VIEW old_v AS SELECT id FROM t'],
      ['CREATE TABLE t (id int PRIMARY KEY, n int)', 'CREATE TABLE u (id int PRIMARY KEY)',
        'CREATE VIEW a_top AS SELECT n FROM b_mid', 'CREATE VIEW b_mid AS SELECT t.n FROM t JOIN u ON t.id = u.id']);
    expect(changes).toEqual(['drop_view old_v', 'create_table u', 'alter_table t', 'create_view b_mid', 'create_view a_top']);
  });

  it('says which statements drop data: dropped tables and columns, not keys, views or split foreign key ALTERs', async () => {
    const [a, b] = await Promise.all([
      snapshotStatements(pool, [
        'CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE gone (id int PRIMARY KEY)', 'CREATE TABLE k (id int PRIMARY KEY, a int)',
        'CREATE TABLE t (id int PRIMARY KEY, old int, pid int, CONSTRAINT t_p FOREIGN KEY (pid) REFERENCES p (id))',
        'CREATE VIEW v AS SELECT id FROM p',
      ]),
      snapshotStatements(pool, [
        'CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE k (id int PRIMARY KEY, a int, KEY ka (a))',
        'CREATE TABLE t (id int PRIMARY KEY, pid int, CONSTRAINT t_p FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE)',
      ]),
    ]);
    expect(diffSchemas(a, b).map((c) => [c.kind, c.name, c.dropsData])).toEqual([
      ['drop_view', 'v', false], ['alter_table', 't', false], ['alter_table', 'k', false], ['alter_table', 't', true], ['drop_table', 'gone', true],
    ]);
  });

  it('can leave views out', async () => {
    const [a, b] = await Promise.all([snapshotStatements(pool, []), snapshotStatements(pool, ['CREATE TABLE t (id int PRIMARY KEY)', 'CREATE VIEW v AS SELECT id FROM t'])]);
    expect(diffSchemas(a, b, { ignoreViews: true }).map((c) => c.kind)).toEqual(['create_table']);
  });
});
