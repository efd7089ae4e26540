import { describe, expect, it } from 'vitest';
import { readKeyspaceVSchema } from '@localscale/vitess';
import { routeStatement, type RouteContext } from '../../src/vtgate/route.js';

// By Vitess's hash vindex vectors: ids 1, 2, 3 and 5 land on -80, ids 4 and 6 on 80-.
const app = {
  name: 'app', databases: ['db_a', 'db_b'], shards: ['-80', '80-'],
  vschema: readKeyspaceVSchema('app', {
    sharded: true,
    vindexes: { hash: { type: 'hash' } },
    tables: {
      users: { column_vindexes: [{ column: 'id', name: 'hash' }] },
      orders: { column_vindexes: [{ column: 'user_id', name: 'hash' }] },
      countries: { type: 'reference' },
      items: { column_vindexes: [{ column: 'id', name: 'hash' }], auto_increment: { column: 'id', sequence: 'item_seq' } },
    },
  }),
};
const lookup = { name: 'lookup', databases: ['db_l'], shards: ['-'], vschema: readKeyspaceVSchema('lookup', { tables: { item_seq: { type: 'sequence' } } }) };
const ctx: RouteContext = { keyspaces: [app, lookup], current: 'app' };
const route = (sql: string, c: RouteContext = ctx) => routeStatement(sql, 0, sql.length, c);

describe('vtgate routing: INSERT', () => {
  it('splits rows per shard by the primary vindex', () => {
    expect(route("INSERT INTO users (id, name) VALUES (1, 'a'), (4, 'd'), (2, 'b')")).toEqual({
      kind: 'each',
      texts: ["INSERT INTO `db_a`.`users` (id, name) VALUES (1, 'a'), (2, 'b')", "INSERT INTO `db_b`.`users` (id, name) VALUES (4, 'd')"],
    });
    expect(route("insert into app.users (name, id) values ('d', 4) on duplicate key update name = values(name)")).toEqual({
      kind: 'one', text: "insert into `db_b`.`users` (name, id) values ('d', 4) on duplicate key update name = values(name)",
    });
  });

  it('refuses what vtgate refuses, with its errors', () => {
    expect(() => route("INSERT INTO users (name) VALUES ('x')")).toThrow('VT09023: could not map [NULL] to a keyspace id');
    expect(() => route('INSERT INTO users VALUES (1)')).toThrow(/VT09004/);
    expect(() => route('INSERT INTO nope (id) VALUES (1)')).toThrow("VT05004: table 'nope' does not exist");
  });

  it('takes missing or NULL auto-increment values from the Vitess sequence, then routes by them', () => {
    const r = route("INSERT INTO items (note) VALUES ('a'), ('b')");
    expect(r).toMatchObject({ kind: 'sequence', database: 'db_l', table: 'item_seq', count: 2 });
    if (r.kind !== 'sequence') throw new Error('no sequence');
    expect(r.complete(3n)).toEqual({
      kind: 'each', texts: ["INSERT INTO `db_a`.`items` (note, `id`) VALUES ('a', 3)", "INSERT INTO `db_b`.`items` (note, `id`) VALUES ('b', 4)"],
    });
    const n = route("INSERT INTO items (id, note) VALUES (NULL, 'a'), (6, 'b')");
    expect(n).toMatchObject({ kind: 'sequence', count: 1 });
    if (n.kind === 'sequence') expect(n.complete(1n)).toMatchObject({ kind: 'each', texts: ["INSERT INTO `db_a`.`items` (id, note) VALUES (1, 'a')", "INSERT INTO `db_b`.`items` (id, note) VALUES (6, 'b')"] });
  });

  it('writes a reference table on every shard', () => {
    expect(route("INSERT INTO countries (code) VALUES ('nl')")).toEqual({
      kind: 'each', texts: ["INSERT INTO `db_a`.`countries` (code) VALUES ('nl')", "INSERT INTO `db_b`.`countries` (code) VALUES ('nl')"],
    });
  });
});

describe('vtgate routing: reads', () => {
  it('sends a read pinned by the primary vindex to its shard', () => {
    expect(route('SELECT * FROM users WHERE id = 4')).toEqual({ kind: 'one', text: 'SELECT * FROM `db_b`.`users` WHERE id = 4' });
    expect(route('SELECT u.name FROM users AS u WHERE u.id IN (1, 2) AND u.name <> "x"')).toEqual({
      kind: 'one', text: 'SELECT u.name FROM `db_a`.`users` AS u WHERE u.id IN (1, 2) AND u.name <> "x"',
    });
    expect(route('SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = 4 AND o.user_id = 4')).toEqual({
      kind: 'one', text: 'SELECT * FROM `db_b`.`users` u JOIN `db_b`.`orders` o ON o.user_id = u.id WHERE u.id = 4 AND o.user_id = 4',
    });
  });

  it('reads every shard (or the pinned ones) otherwise, merged by MySQL', () => {
    expect(route('SELECT COUNT(*) FROM users u JOIN countries c ON c.code = u.country')).toEqual({
      kind: 'one', spread: 'app', text: 'SELECT COUNT(*) FROM (SELECT * FROM `db_a`.`users` UNION ALL SELECT * FROM `db_b`.`users`) u JOIN `db_a`.`countries` c ON c.code = u.country',
    });
    expect(route('SELECT name FROM users WHERE id = 1 OR id = 4 ORDER BY id LIMIT 1')).toEqual({
      kind: 'one', spread: 'app', text: 'SELECT name FROM (SELECT * FROM `db_a`.`users` UNION ALL SELECT * FROM `db_b`.`users`) AS `users` WHERE id = 1 OR id = 4 ORDER BY id LIMIT 1',
    });
    expect(route('SELECT * FROM users x WHERE id IN (1, 4) FOR UPDATE')).toEqual({
      kind: 'one', spread: 'app',
      text: 'SELECT * FROM ((SELECT * FROM `db_a`.`users` AS `x` WHERE id IN (1, 4) FOR UPDATE) UNION ALL (SELECT * FROM `db_b`.`users` AS `x` WHERE id IN (1, 4) FOR UPDATE)) AS `x`',
    });
    expect(route('SELECT UPPER(name) AS n FROM users LIMIT 2')).toEqual({
      kind: 'one', spread: 'app',
      text: 'SELECT * FROM ((SELECT UPPER(name) AS n FROM `db_a`.`users` LIMIT 2) UNION ALL (SELECT UPPER(name) AS n FROM `db_b`.`users` LIMIT 2)) AS `users` LIMIT 2',
    });
  });

  it('names other keyspaces by their physical databases and leaves table-less statements alone', () => {
    expect(route('SELECT * FROM lookup.codes WHERE 1')).toEqual({ kind: 'one', text: 'SELECT * FROM `db_l`.`codes` WHERE 1' });
    expect(route('SELECT 1 + 1')).toEqual({ kind: 'as-is' });
    expect(route('SELECT * FROM t', { keyspaces: [lookup], current: 'lookup' })).toEqual({ kind: 'as-is' });
  });
});

describe('vtgate routing: scatter reads pushed down to the shards', () => {
  it('aggregates on every shard and combines the partial results, keeping labels and types', () => {
    expect(route('SELECT COUNT(*), max(id) AS top FROM users WHERE name <> \'x\'')).toEqual({
      kind: 'one', spread: 'app',
      text: 'SELECT CAST(COALESCE(SUM(p0), 0) AS SIGNED) AS `COUNT(*)`, MAX(p1) AS `top` FROM (SELECT COUNT(*) AS p0, max(id) AS p1 FROM `db_a`.`users` WHERE name <> \'x\' UNION ALL SELECT COUNT(*) AS p0, max(id) AS p1 FROM `db_b`.`users` WHERE name <> \'x\') AS partials',
    });
  });

  it('runs ORDER BY ... LIMIT with the limit (plus offset) on every shard and takes the top of the union', () => {
    expect(route('SELECT * FROM users ORDER BY name DESC, id LIMIT 10 OFFSET 5')).toEqual({
      kind: 'one', spread: 'app',
      text: 'SELECT * FROM ((SELECT * FROM `db_a`.`users` ORDER BY name DESC, id LIMIT 15) UNION ALL (SELECT * FROM `db_b`.`users` ORDER BY name DESC, id LIMIT 15)) AS `users` ORDER BY name DESC, id LIMIT 10 OFFSET 5',
    });
  });

  it('pushes ORDER BY ... LIMIT down with a list of plain columns too', () => {
    expect(route('SELECT id, name FROM users ORDER BY id LIMIT 3')).toEqual({
      kind: 'one', spread: 'app',
      text: 'SELECT * FROM ((SELECT id, name FROM `db_a`.`users` ORDER BY id LIMIT 3) UNION ALL (SELECT id, name FROM `db_b`.`users` ORDER BY id LIMIT 3)) AS `users` ORDER BY id LIMIT 3',
    });
  });

  it('leaves other shapes to the union of whole tables', () => {
    for (const sql of ['SELECT COUNT(DISTINCT name) FROM users', 'SELECT name, COUNT(*) FROM users GROUP BY name', 'SELECT id FROM users ORDER BY name LIMIT 3', 'SELECT COUNT(*) FROM users WHERE id = ? OR 1']) {
      expect(route(sql), sql).toMatchObject({ kind: 'one', text: expect.stringContaining('UNION ALL SELECT * FROM `db_b`.`users`') });
    }
  });
});

describe('vtgate routing: UPDATE and DELETE', () => {
  it('goes to the pinned shard, or to each shard in turn', () => {
    expect(route("UPDATE users SET name = 'x' WHERE id = 4")).toEqual({ kind: 'one', text: "UPDATE `db_b`.`users` SET name = 'x' WHERE id = 4" });
    expect(route('DELETE FROM users WHERE id IN (1, 4)')).toEqual({
      kind: 'each', texts: ['DELETE FROM `db_a`.`users` WHERE id IN (1, 4)', 'DELETE FROM `db_b`.`users` WHERE id IN (1, 4)'],
    });
    expect(route("UPDATE users SET name = 'y'")).toMatchObject({ kind: 'each', texts: [expect.stringContaining('`db_a`'), expect.stringContaining('`db_b`')] });
  });

  it('refuses changing the primary vindex column, as vtgate does', () => {
    expect(() => route('UPDATE users SET name = 1, id = 9 WHERE id = 4')).toThrow('VT12001: unsupported: you cannot UPDATE primary vindex columns; invalid update on vindex: hash');
  });
});
