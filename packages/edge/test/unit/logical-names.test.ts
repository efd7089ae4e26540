// Physical names made logical in result metadata: the name mapping, the column-definition rewrite, and
// the streaming stage that applies it between upstream and client without touching rows.
import { describe, expect, it } from 'vitest';
import { readKeyspaceVSchema } from '@localscale/vitess';
import { renameColumnDefinition, renameRowCells } from '../../src/protocol/column-definition.js';
import { renameSchemaCells } from '../../src/http/result.js';
import { ColumnRenamer } from '../../src/protocol/column-renamer.js';
import { ColumnType } from '../../src/protocol/constants.js';
import { LogicalNames } from '../../src/protocol/logical-names.js';
import { columnDefinitionPayload, eofPayload, framePayloads, okPayload, textRowPayload, type ColumnSpec } from '../../src/protocol/packets.js';
import { ResponseTracker, type ResponseKind } from '../../src/protocol/response.js';
import { lenencInt, PayloadReader } from '../../src/protocol/wire.js';
import { latin1Lexer } from '../../src/sql/latin1.js';
import type { BranchRoute } from '../../src/types.js';
import { parseShow } from '../../src/vitess/statements.js';
import { tabletRows, vschemaTables } from '../../src/vitess/topology.js';

const route: BranchRoute = {
  organization: 'acme', database: 'shop', branch: 'main', production: false, safeMigrations: false,
  keyspaces: [
    { name: 'shop', databases: ['ls_shop_0'] },
    {
      name: 'orders', databases: ['ls_orders_0', 'ls_orders_1'],
      vschema: readKeyspaceVSchema('orders', {
        sharded: true, vindexes: { hash: { type: 'hash' } },
        tables: { o: { column_vindexes: [{ column: 'id', name: 'hash' }] }, codes: { type: 'reference' }, Big: { type: 'reference' } },
      }),
    },
  ],
};
const names = LogicalNames.of(route);

describe('LogicalNames', () => {
  it('names a physical database of the branch by its keyspace, and others as they are', () => {
    expect(names.schema('ls_orders_1')).toBe('orders');
    expect(names.schema('ls_shop_0')).toBe('shop');
    expect(names.schema('information_schema')).toBe('information_schema');
    expect(names.keyspaceOf('elsewhere')).toBeUndefined();
  });

  it("renames SHOW TABLES' column as vtgate does, dropping the LIKE pattern", () => {
    expect(names.column('Tables_in_ls_orders_0')).toBe('Tables_in_orders');
    expect(names.column('Tables_in_ls_shop_0 (o%)')).toBe('Tables_in_shop');
    expect(names.column('Tables_in_other')).toBe('Tables_in_other');
    expect(names.column('Table_type')).toBe('Table_type');
    expect(names.column('id')).toBe('id');
  });
});

/** The six names of a column-definition payload. */
function namesOf(payload: Buffer): string[] {
  const r = new PayloadReader(payload);
  return Array.from({ length: 6 }, () => r.lenencBytes().toString('utf8'));
}

describe('renameColumnDefinition', () => {
  const col = (c: Partial<ColumnSpec>): Buffer => columnDefinitionPayload({ name: 'id', type: ColumnType.LONGLONG, length: 20, ...c });

  it('rewrites schema and name, keeping the other names and the fixed fields byte for byte', () => {
    const before = col({ schema: 'ls_orders_0', table: 'o', name: 'Tables_in_ls_orders_0', flags: 0x1003, decimals: 2 });
    const after = renameColumnDefinition(before, names)!;
    expect(namesOf(after)).toEqual(['def', 'orders', 'o', 'o', 'Tables_in_orders', 'Tables_in_orders']);
    expect(after.subarray(after.length - 13)).toEqual(before.subarray(before.length - 13));
  });

  it('returns null when nothing changes or the payload is no column definition', () => {
    expect(renameColumnDefinition(col({ schema: 'information_schema', table: 'TABLES' }), names)).toBeNull();
    expect(renameColumnDefinition(Buffer.from([0xff, 0x15, 0x04]), names)).toBeNull();
    expect(renameColumnDefinition(Buffer.from([0x03, 0x64, 0x65]), names)).toBeNull();
  });
});

/** A complete text result set with its frames, as MySQL sends it. */
function resultSet(columns: ColumnSpec[], rows: string[][], status = 2): Buffer {
  return framePayloads([
    lenencInt(columns.length), ...columns.map(columnDefinitionPayload), eofPayload(status),
    ...rows.map((r) => textRowPayload(r)), eofPayload(status),
  ], 1).bytes;
}

/** Runs `bytes` through a renamer in chunks of `size`; the output and the tracker. */
function pass(bytes: Buffer, size: number, kind: ResponseKind = 'query'): { out: Buffer; tracker: ResponseTracker; writes: Buffer[] } {
  const tracker = new ResponseTracker(kind);
  const renamer = new ColumnRenamer(tracker, names);
  const writes: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) writes.push(renamer.push(bytes.subarray(i, i + size)));
  return { out: Buffer.concat(writes), tracker, writes };
}

describe('ColumnRenamer', () => {
  const columns: ColumnSpec[] = [
    { name: 'id', type: ColumnType.LONGLONG, length: 20, schema: 'ls_orders_1', table: 'o' },
    { name: 'note', type: ColumnType.VAR_STRING, length: 80, schema: 'ls_orders_1', table: 'o' },
  ];
  const rows = Array.from({ length: 50 }, (_v, i) => [String(i), `def${'x'.repeat(i)}`]);
  const expected = resultSet(columns.map((c) => ({ ...c, schema: 'orders' })), rows);

  it.each([1, 3, 7, 64, 100_000])('re-frames column definitions and passes rows through, in chunks of %i bytes', (size) => {
    const { out, tracker } = pass(resultSet(columns, rows), size);
    expect(out).toEqual(expected);
    expect(tracker.done).toBe(true);
    expect(tracker.errored).toBe(false);
    expect(tracker.results).toBe(1);
  });

  it('hands chunks of rows on as they came, without copying them', () => {
    const input = resultSet(columns, rows);
    const tracker = new ResponseTracker('query');
    const renamer = new ColumnRenamer(tracker, names);
    const head = input.length - 200;
    renamer.push(input.subarray(0, head));
    const tail = input.subarray(head);
    expect(renamer.push(tail)).toBe(tail);
    expect(tracker.done).toBe(true);
  });

  it('follows every result set of a multi-result response, and leaves OK and ERR packets alone', () => {
    const more = 0x0008 | 2;
    const input = Buffer.concat([
      resultSet(columns, [['1', 'a']], more),
      framePayloads([okPayload({ affectedRows: 3, status: more })], 1).bytes,
      resultSet([{ ...columns[0]!, name: 'Tables_in_ls_shop_0 (o%)', schema: 'information_schema' }], [['o']]),
    ]);
    const want = Buffer.concat([
      resultSet(columns.map((c) => ({ ...c, schema: 'orders' })), [['1', 'a']], more),
      framePayloads([okPayload({ affectedRows: 3, status: more })], 1).bytes,
      resultSet([{ ...columns[0]!, name: 'Tables_in_shop', schema: 'information_schema' }], [['o']]),
    ]);
    for (const size of [1, 5, 1 << 16]) {
      const { out, tracker } = pass(input, size);
      expect(out).toEqual(want);
      expect(tracker.results).toBe(3);
      expect(tracker.done).toBe(true);
    }
    const err = framePayloads([Buffer.from([0xff, 0x7a, 0x04, 0x23, 0x34, 0x32, 0x53, 0x30, 0x32, 0x78])], 1).bytes;
    const failed = pass(err, 2);
    expect(failed.out).toEqual(err);
    expect(failed.tracker.errored).toBe(true);
  });

  it('renames the column definitions of COM_FIELD_LIST and prepared statements', () => {
    const list = framePayloads([...columns.map(columnDefinitionPayload), eofPayload(2)], 1).bytes;
    const { out, tracker } = pass(list, 4, 'field_list');
    expect(out).toEqual(framePayloads([...columns.map((c) => columnDefinitionPayload({ ...c, schema: 'orders' })), eofPayload(2)], 1).bytes);
    expect(tracker.done).toBe(true);
    const prepareOk = Buffer.from([0x00, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]);
    const prepared = framePayloads([prepareOk, ...columns.map(columnDefinitionPayload), eofPayload(2)], 1).bytes;
    const p = pass(prepared, 9, 'prepare');
    expect(p.out).toEqual(framePayloads([prepareOk, ...columns.map((c) => columnDefinitionPayload({ ...c, schema: 'orders' })), eofPayload(2)], 1).bytes);
    expect(p.tracker.done).toBe(true);
  });
});

describe('database names in information_schema rows', () => {
  const info: ColumnSpec[] = [
    { name: 'TABLE_SCHEMA', type: ColumnType.VAR_STRING, length: 256, schema: 'information_schema', table: 'TABLES' },
    { name: 'TABLE_NAME', type: ColumnType.VAR_STRING, length: 256, schema: 'information_schema', table: 'TABLES' },
  ];
  const rows = [['ls_orders_1', 'ls_orders_0'], ['ls_shop_0', 'p'], ['mysql', 'user']];

  it('become keyspaces in the database-name columns only, in every chunking', () => {
    const want = resultSet(info, [['orders', 'ls_orders_0'], ['shop', 'p'], ['mysql', 'user']]);
    for (const size of [1, 6, 1 << 16]) {
      const { out, tracker } = pass(resultSet(info, rows), size);
      expect(out).toEqual(want);
      expect(tracker.done).toBe(true);
    }
  });

  it('are left alone in results without such a column, and NULL cells are skipped', () => {
    const plain = resultSet([{ ...info[1]!, name: 'x' }], [['ls_orders_1']]);
    expect(pass(plain, 5).out).toEqual(plain);
    expect(renameRowCells(textRowPayload([null, 'ls_shop_0']), [false, true], names)).toEqual(textRowPayload([null, 'shop']));
    expect(renameRowCells(eofPayload(2), [true], names)).toBeNull();
  });

  it('become keyspaces in the HTTP API rows too', () => {
    const row = { lengths: [-1, 11, 1], values: Buffer.from('ls_orders_0x') };
    expect(renameSchemaCells(row, [true, true, false], (db) => names.keyspaceOf(db))).toEqual({ lengths: [-1, 6, 1], values: Buffer.from('ordersx') });
    expect(renameSchemaCells(row, [false, false, true], (db) => names.keyspaceOf(db))).toBe(row);
  });
});

describe('SHOW VITESS_TABLETS and SHOW VSCHEMA TABLES', () => {
  const parse = (sql: string) => { const lx = latin1Lexer(sql); lx.next(); return parseShow(lx); };

  it('parse as vtgate reads them', () => {
    expect(parse('SHOW VITESS_TABLETS')).toEqual({ kind: 'show-tablets', like: null });
    expect(parse("show vitess_tablets like 'local%'")).toEqual({ kind: 'show-tablets', like: 'local%' });
    expect(parse("SHOW VITESS_TABLETS WHERE Keyspace = 'x'")).toEqual({ kind: 'show-tablets', like: null });
    expect(parse('show vschema tables')).toEqual({ kind: 'show-vschema-tables' });
    expect(() => parse('SHOW VSCHEMA VINDEXES')).toThrow(/unsupported/);
  });

  it('list one serving PRIMARY per shard of every keyspace', () => {
    const rows = tabletRows(route, null);
    expect(rows.map((r) => r.slice(0, 7))).toEqual([
      ['zone1', 'shop', '-', 'PRIMARY', 'SERVING', 'zone1-0000000100', 'localhost'],
      ['zone1', 'orders', '-80', 'PRIMARY', 'SERVING', 'zone1-0000000101', 'localhost'],
      ['zone1', 'orders', '80-', 'PRIMARY', 'SERVING', 'zone1-0000000102', 'localhost'],
    ]);
    expect(rows[0]![7]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(tabletRows(route, 'x')).toEqual([]);
    expect(tabletRows(route, 'local%')).toHaveLength(3);
  });

  it("list a keyspace's VSchema tables in byte order", () => {
    expect(vschemaTables(route, 'orders')).toEqual(['Big', 'codes', 'o']);
    expect(vschemaTables(route, 'shop')).toEqual([]);
  });
});
