import { describe, expect, it } from 'vitest';
import { classifyDdl, StorageError } from '../../src/index.js';

describe('classifyDdl', () => {
  it.each([
    ['CREATE TABLE users (id int)', 'create_table', ['users']],
    ['create table if not exists `my table` (id int);', 'create_table', ['my table']],
    ['ALTER TABLE Users ADD COLUMN x int', 'alter_table', ['Users']],
    ['alter online table t add index i (a)', 'alter_table', ['t']],
    ['DROP TABLE IF EXISTS a, `b`', 'drop_table', ['a', 'b']],
    ['CREATE VIEW v AS SELECT 1', 'create_view', ['v']],
    ['CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW v AS SELECT 1', 'create_view', ['v']],
    ['CREATE OR REPLACE VIEW v AS SELECT 1', 'alter_view', ['v']],
    ['ALTER VIEW v AS SELECT 2', 'alter_view', ['v']],
    ['DROP VIEW IF EXISTS v', 'drop_view', ['v']],
    ['CREATE UNIQUE INDEX i ON t (a)', 'alter_table', ['t']],
    ['DROP INDEX i ON `t`', 'alter_table', ['t']],
    ['RENAME TABLE a TO b, c TO d', 'rename_table', ['a', 'b', 'c', 'd']],
    ['/* why */ -- note\n CREATE TABLE t (id int)', 'create_table', ['t']],
    ['CREATE TABLE t (a int, `select` int, b int AS (a + 1) VIRTUAL, FOREIGN KEY (a) REFERENCES p (id))', 'create_table', ['t']],
    ['CREATE TABLE t LIKE u', 'create_table', ['t']],
    ['CREATE VIEW v AS SELECT a.x, b.y FROM a JOIN b ON a.id = b.id, c WHERE c.z = a.x', 'create_view', ['v']],
  ])('%s', (sql, kind, names) => {
    expect(classifyDdl(sql)).toMatchObject({ kind, names });
  });

  it('strips a trailing semicolon', () => {
    expect(classifyDdl('  CREATE TABLE t (id int) ;  ').sql).toBe('CREATE TABLE t (id int)');
  });

  it.each([
    'SELECT 1', 'INSERT INTO t VALUES (1)', 'DROP DATABASE app', 'CREATE TABLE other.t (id int)', 'ALTER TABLE `other`.`t` ADD x int',
    'CREATE TABLE t LIKE other.t', 'CREATE TABLE t (id int, FOREIGN KEY (id) REFERENCES other.p (id))',
    'CREATE TABLE t AS SELECT * FROM u', 'CREATE TABLE t (id int) SELECT 1 AS id',
    'CREATE VIEW v AS SELECT * FROM other.t', 'CREATE VIEW v AS SELECT * FROM a JOIN `other`.`t` ON 1', 'CREATE VIEW v AS SELECT a.x FROM a, other.t',
    'CREATE VIEW v AS SELECT other.t.x FROM t',
    'CREATE PROCEDURE p() BEGIN END', 'CREATE DEFINER=root FUNCTION f() RETURNS int RETURN 1', 'USE other', 'TRUNCATE t', '', ';',
  ])('rejects %j', (sql) => {
    expect(() => classifyDdl(sql)).toThrow(StorageError);
  });
});
