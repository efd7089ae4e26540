import { describe, expect, it } from 'vitest';
import { latin1Lexer } from '../../src/sql/latin1.js';
import { splitStatements } from '@localscale/mysql';
import { analyze, type Statement } from '../../src/sql/statement.js';

const pieces = (text: string) => splitStatements(text).map((r) => text.slice(r.start, r.end));

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    expect(pieces("SELECT 1; SELECT ';' AS a ; SELECT `x;y` FROM t -- c;\n;SELECT \"a\\\";b\"")).toEqual([
      'SELECT 1', "SELECT ';' AS a", 'SELECT `x;y` FROM t -- c', 'SELECT "a\\";b"',
    ]);
    expect(pieces('/* a; b */ SELECT 1 # x; y\n')).toEqual(['SELECT 1 # x; y']);
    expect(pieces(' ; ;; ')).toEqual([]);
    expect(pieces('')).toEqual([]);
  });

  it('keeps a stored program with its body in one statement', () => {
    const text = 'CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN SELECT 1; DELETE FROM t; END;';
    expect(pieces(text)).toEqual([text.slice(0, -1)]);
    expect(pieces('BEGIN NOT ATOMIC SELECT 1; SELECT 2; END')).toHaveLength(1);
    expect(pieces('BEGIN; SELECT 1')).toEqual(['BEGIN', 'SELECT 1']);
  });

  it('reads executable comments as code', () => {
    expect(pieces('/*!40101 SET NAMES utf8 */; SELECT 1')).toEqual(['/*!40101 SET NAMES utf8 */', 'SELECT 1']);
  });
});

describe('Lexer', () => {
  it('reads words, quoted names, strings, numbers and variables', () => {
    const lx = latin1Lexer("select `a``b`, 'it''s', 1.5e3, @@session.ddl_strategy, @x, <=> -- tail");
    const tokens = [];
    for (let t = lx.next(); t; t = lx.next()) tokens.push([t.kind, t.value]);
    expect(tokens).toEqual([
      ['word', 'SELECT'], ['quoted', 'a`b'], ['punct', ','], ['string', "it's"], ['punct', ','], ['number', '1.5e3'], ['punct', ','],
      ['variable', '@@session.ddl_strategy'], ['punct', ','], ['variable', '@x'], ['punct', ','], ['punct', '<=>'],
    ]);
  });

  it('decodes UTF-8 strings read as latin1 bytes', () => {
    const text = Buffer.from("'café'", 'utf8').toString('latin1');
    expect(latin1Lexer(text).next()!.value).toBe('café');
  });
});

const kind = (sql: string) => {
  const s = analyze(sql);
  return s.kind === 'sql' ? [s.access, s.plan, s.table, s.onlineDdl] : s.kind;
};

describe('analyze', () => {
  it.each([
    ['SELECT * FROM items WHERE id = 1', ['read', 'Select', 'items', false]],
    ['select 1', ['any', 'Select', null, false]],
    ['SELECT 1 FROM dual', ['any', 'Select', null, false]],
    ['(SELECT a FROM db.t1) UNION (SELECT a FROM t2)', ['read', 'Select', 't1', false]],
    ['SELECT (SELECT MAX(x) FROM t) AS m', ['read', 'Select', 't', false]],
    ['WITH c AS (SELECT * FROM src) SELECT * FROM c', ['read', 'Select', 'src', false]],
    ['WITH c AS (SELECT 1) UPDATE t SET a = 1', ['write', 'Update', 't', false]],
    ['INSERT IGNORE INTO `items` (id) VALUES (1)', ['write', 'Insert', 'items', false]],
    ['REPLACE items VALUES (1)', ['write', 'Insert', 'items', false]],
    ['UPDATE LOW_PRIORITY shop.items SET a = 1', ['write', 'Update', 'items', false]],
    ['DELETE FROM items', ['write', 'Delete', 'items', false]],
    ["LOAD DATA LOCAL INFILE 'f' INTO TABLE items", ['write', 'Load', 'items', false]],
    ['CALL p(1)', ['readwrite', 'CallProcedure', 'p', false]],
    ['SHOW TABLES', ['any', 'Show', null, false]],
    ['DESCRIBE items', ['any', 'OtherRead', null, false]],
    ['EXPLAIN ANALYZE DELETE FROM items', ['write', 'Delete', 'items', false]],
    ['ANALYZE TABLE items', ['read', 'OtherRead', null, false]],
    ['ANALYZE UPDATE items SET a = 1', ['write', 'Update', 'items', false]],
    ['CREATE TABLE IF NOT EXISTS t (id INT)', ['ddl', 'DDL', 't', true]],
    ['CREATE TEMPORARY TABLE t (id INT)', ['ddl', 'DDL', 't', false]],
    ['create or replace algorithm=merge definer=`a`@`%` view v as select 1', ['ddl', 'DDL', 'v', true]],
    ['CREATE UNIQUE INDEX i ON items (name)', ['ddl', 'DDL', 'items', true]],
    ['ALTER TABLE items ADD COLUMN c INT', ['ddl', 'DDL', 'items', true]],
    ['DROP TABLE IF EXISTS a, b', ['ddl', 'DDL', 'a', true]],
    ['DROP INDEX i ON items', ['ddl', 'DDL', 'items', true]],
    ['RENAME TABLE a TO b', ['ddl', 'DDL', 'a', false]],
    ['TRUNCATE items', ['ddl', 'DDL', 'items', false]],
    ['CREATE PROCEDURE p() SELECT 1', ['ddl', 'DDL', 'p', false]],
    ['CREATE SPATIAL REFERENCE SYSTEM 1 NAME "x"', ['ddl', 'DDL', null, false]],
    ['GRANT ALL ON *.* TO x', ['admin', 'OtherAdmin', null, false]],
    ['OPTIMIZE TABLE items', ['admin', 'OtherAdmin', 'items', false]],
    ['BEGIN', ['any', 'OtherRead', null, false]],
    ['/*!50000 DELETE FROM items */', ['write', 'Delete', 'items', false]],
  ])('%s', (sql, expected) => {
    expect(kind(sql)).toEqual(expected);
  });

  it('recognises what the edge handles itself', () => {
    expect(analyze('USE `shop:-80`')).toEqual({ kind: 'use', target: 'shop:-80' });
    expect(analyze('KILL QUERY 42')).toMatchObject({ kind: 'kill', query: true, id: '42' });
    expect(analyze('SELECT database()')).toEqual({ kind: 'select-database', label: 'database()' });
    expect(analyze('DROP SCHEMA IF EXISTS other')).toEqual({ kind: 'database-ddl', database: 'other' });
    expect(analyze("SET PASSWORD = 'x'").kind).toBe('credential-change');
    expect(analyze("ALTER USER u IDENTIFIED BY 'x'").kind).toBe('credential-change');
    expect(analyze("PREPARE s FROM 'DELETE FROM t'")).toEqual({ kind: 'prepare', inner: 'DELETE FROM t' });
    expect(analyze('PREPARE s FROM @q')).toEqual({ kind: 'prepare', inner: null });
    expect(analyze('SHOW VITESS_MIGRATIONS').kind).toBe('vitess');
    expect(analyze("REVERT /*vt+ x */ VITESS_MIGRATION 'u'").kind).toBe('vitess');
  });

  it('separates vtgate variables from MySQL ones in SET', () => {
    const text = "SET SESSION @@ddl_strategy = 'vitess', autocommit = 1, @@migration_context = DEFAULT";
    const s = analyze(text) as Extract<Statement, { kind: 'set' }>;
    expect(s.kind).toBe('set');
    expect(s.assignments.map((a) => [a.name, a.system, a.value])).toEqual([
      ['ddl_strategy', true, { text: 'vitess', isDefault: false }],
      ['autocommit', true, { text: '1', isDefault: false }],
      ['migration_context', true, { text: 'DEFAULT', isDefault: true }],
    ]);
    expect(text.slice(0, s.prefixEnd)).toBe('SET SESSION ');
    expect(analyze('SET autocommit = 1').kind).toBe('sql');
    expect(analyze("SET @ddl_strategy = 'user variable'").kind).toBe('sql');
  });

  it('finds vtgate variables in a SELECT and which need a label', () => {
    const s = analyze('SELECT @@ddl_strategy, @@version, @@migration_context AS c FROM dual WHERE @@workload = 1') as Extract<Statement, { kind: 'sql' }>;
    expect(s.variables!.map((v) => [v.name, v.label])).toEqual([['ddl_strategy', '@@ddl_strategy'], ['migration_context', null], ['workload', null]]);
  });
});
