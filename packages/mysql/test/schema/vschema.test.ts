import { describe, expect, it } from 'vitest';
import { diffVSchema, normalizeVSchema, StorageError, vschemaEquals } from '../../src/index.js';

const sharded = {
  sharded: true,
  vindexes: { hash: { type: 'hash' }, lookup: { type: 'consistent_lookup_unique', params: { table: 'users_lookup', from: 'email', to: 'id' }, owner: 'users' } },
  tables: {
    users: { column_vindexes: [{ column: 'id', name: 'hash' }, { column: 'email', name: 'lookup' }], auto_increment: { column: 'id', sequence: 'users_seq' } },
    orders: { column_vindexes: [{ column: 'user_id', name: 'hash' }] },
  },
};

describe('normalizeVSchema', () => {
  it('ignores key order, whitespace, field-name style and default values', () => {
    const text = `{
      "tables": { "orders": {"columnVindexes": [{"name":"hash","column":"user_id"}], "pinned": ""},
                  "users": {"autoIncrement": {"sequence":"users_seq","column":"id"},
                            "column_vindexes": [{"column":"id","name":"hash"},{"name":"lookup","column":"email"}]}},
      "vindexes": {"lookup": {"owner":"users","type":"consistent_lookup_unique","params":{"to":"id","from":"email","table":"users_lookup"}}, "hash": {"type":"hash"}},
      "sharded": true, "require_explicit_routing": false, "foreign_key_mode": "unspecified"
    }`;
    expect(normalizeVSchema(text)).toEqual(normalizeVSchema(sharded));
    expect(JSON.stringify(normalizeVSchema(text))).toBe(JSON.stringify(normalizeVSchema(sharded)));
    expect(vschemaEquals(text, sharded)).toBe(true);
  });

  it('treats {}, empty text, null and defaults-only as the same empty VSchema', () => {
    for (const empty of ['{}', '', '  ', null, undefined, { sharded: false, tables: {} }, '{"vindexes": {}}']) {
      expect(vschemaEquals(empty, {})).toBe(true);
    }
    expect(normalizeVSchema(undefined)).toEqual({});
  });

  it('keeps user names as written and list order', () => {
    expect(normalizeVSchema({ tables: { myTable: {} } })).toEqual({ tables: { myTable: {} } });
    const swapped = { ...sharded, tables: { ...sharded.tables, users: { ...sharded.tables.users, column_vindexes: [...sharded.tables.users.column_vindexes].reverse() } } };
    expect(vschemaEquals(sharded, swapped)).toBe(false);
  });

  it('rejects text that is not a JSON object with an invalid error', () => {
    for (const bad of ['{', '[1,2]', '"x"', '3']) {
      expect(() => normalizeVSchema(bad)).toThrow(StorageError);
      expect(() => normalizeVSchema(bad)).toThrow(/VSchema/);
    }
  });
});

describe('diffVSchema', () => {
  it('reports no change for equivalent texts', () => {
    expect(diffVSchema(JSON.stringify(sharded, null, 2), sharded)).toMatchObject({ changed: false, changes: [] });
    expect(diffVSchema(null, '{}').changed).toBe(false);
  });

  it('describes added, removed and changed tables and vindexes', () => {
    const after = {
      ...sharded,
      vindexes: { hash: { type: 'xxhash' } },
      tables: { users: sharded.tables.users, payments: { column_vindexes: [{ column: 'user_id', name: 'hash' }] } },
    };
    const diff = diffVSchema(sharded, after);
    expect(diff.changed).toBe(true);
    expect(diff.tables).toEqual({ added: ['payments'], removed: ['orders'], changed: [] });
    expect(diff.vindexes).toEqual({ added: [], removed: ['lookup'], changed: ['hash'] });
    expect(diff.changes).toContainEqual({ path: 'vindexes.hash.type', kind: 'changed', before: 'hash', after: 'xxhash' });
    expect(diff.changes).toContainEqual({ path: 'tables.orders', kind: 'removed', before: { column_vindexes: [{ column: 'user_id', name: 'hash' }] } });
    expect(diff.changes.find((c) => c.path === 'tables.payments')?.kind).toBe('added');
  });

  it('reports a keyspace becoming sharded', () => {
    const diff = diffVSchema('{}', '{"sharded": true}');
    expect(diff.changes).toEqual([{ path: 'sharded', kind: 'added', after: true }]);
  });
});
