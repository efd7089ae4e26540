import { describe, expect, it } from 'vitest';
import { analyzeAlterSpec } from '../../src/embedded/ddl/alter.js';
import { statementTexts as splitStatements } from '@localscale/mysql';
import { parseDdl } from '../../src/embedded/ddl/parse.js';

describe('DDL classification', () => {
  it('recognises CREATE TABLE and strips the keyspace qualifier', () => {
    const [s] = parseDdl('CREATE TABLE IF NOT EXISTS app.`my t` (id int primary key, p int references x(id))', 'app');
    expect(s).toMatchObject({ kind: 'create_table', table: 'my t', ifNotExists: true, hasForeignKey: true, sql: 'CREATE TABLE IF NOT EXISTS `my t` (id int primary key, p int references x(id))' });
  });

  it('refuses a qualifier naming another keyspace', () => {
    expect(() => parseDdl('create table other.t (id int)', 'app')).toThrow(/not in keyspace app/);
  });

  it('splits a multi-table DROP and keeps IF EXISTS', () => {
    const stmts = parseDdl('drop table if exists a, app.b', 'app');
    expect(stmts).toEqual([
      { kind: 'drop_table', table: 'a', ifExists: true, sql: 'drop table if exists `a`' },
      { kind: 'drop_table', table: 'b', ifExists: true, sql: 'drop table if exists `b`' },
    ]);
  });

  it('turns CREATE INDEX and DROP INDEX into ALTER TABLE', () => {
    expect(parseDdl('create unique index u on t (a, b) comment "x"', 'app')[0]).toMatchObject({ kind: 'alter_table', table: 't', spec: 'add unique index u (a, b) comment "x"' });
    expect(parseDdl('drop index u on t', 'app')[0]).toMatchObject({ kind: 'alter_table', table: 't', spec: 'drop index `u`', sql: 'alter table `t` drop index `u`' });
  });

  it('parses views with their attributes and definition', () => {
    const [v] = parseDdl('create or replace algorithm=merge sql security invoker view v (a) as select 1', 'app');
    expect(v).toMatchObject({ kind: 'create_view', table: 'v', orReplace: true, attributes: 'algorithm=merge sql security invoker', definition: '(a) as select 1' });
    expect(parseDdl("alter definer = 'u'@'%' view v as select 2", 'app')[0]).toMatchObject({ kind: 'alter_view', table: 'v', definition: 'as select 2' });
    expect(parseDdl('drop view if exists v', 'app')[0]).toMatchObject({ kind: 'drop_view', table: 'v', ifExists: true });
  });

  it('runs other DDL directly and refuses non-DDL', () => {
    expect(parseDdl('rename table a to b', 'app')[0]!.kind).toBe('direct');
    expect(parseDdl('truncate table a', 'app')[0]!.kind).toBe('direct');
    expect(parseDdl('create database x', 'app')[0]!.kind).toBe('direct');
    expect(() => parseDdl('select 1', 'app')).toThrow(/unsupported statement for Online DDL/);
    expect(() => parseDdl('create temporary table t (id int)', 'app')).toThrow(/unsupported statement/);
  });

  it('splits statements on top-level semicolons only', () => {
    // The one splitter (shared with the edge) starts a statement at its first code, so the comment
    // before `drop table b` belongs to no statement (the engine's own splitter used to keep it).
    expect(splitStatements("create table a (s varchar(3) default ';'); -- c;\ndrop table b;")).toEqual(["create table a (s varchar(3) default ';')", 'drop table b']);
  });
});

describe('ALTER clause analysis', () => {
  it('finds column renames, table renames, AUTO_INCREMENT, and drops ALGORITHM/LOCK for the shadow', () => {
    const a = analyzeAlterSpec('rename column a to b, change column `c` `d` int, change e e bigint, add index (x, y), algorithm=inplace, lock=none, auto_increment = 5');
    expect([...a.renamedColumns]).toEqual([['a', 'b'], ['c', 'd']]);
    expect(a.renamesTable).toBe(false);
    expect(a.setsAutoIncrement).toBe(true);
    expect(a.shadowSpec).toBe('rename column a to b, change column `c` `d` int, change e e bigint, add index (x, y), auto_increment = 5');
    expect(analyzeAlterSpec('rename to t2').renamesTable).toBe(true);
    expect(analyzeAlterSpec('add column a int, rename as t2').renamesTable).toBe(true);
    expect(analyzeAlterSpec('rename index a to b').renamesTable).toBe(false);
  });
});

describe('chunk key conditions', async () => {
  const { afterCondition, atOrBeforeCondition, decodeKey, encodeKey } = await import('../../src/embedded/online/keys.js');
  it('writes row comparisons over composite keys out as ORs of ANDs', () => {
    expect(afterCondition(['a', 'b'], [1, 2])).toEqual({ sql: '((`a` > ?) OR (`a` = ? AND `b` > ?))', params: [1, 1, 2] });
    expect(atOrBeforeCondition(['a'], [5])).toEqual({ sql: '((`a` < ?) OR (`a` = ?))', params: [5, 5] });
  });
  it('persists binary key values', () => {
    const key = [7, 'x', Buffer.from([0, 255])];
    expect(decodeKey(encodeKey(key))).toEqual(key);
  });
});
