import { describe, expect, it } from 'vitest';
import { alterMigration, revertMigration, throttleMigration } from '../../src/vtgate/statements.js';
import { parseParams, vschemaStatements } from '../../src/vtgate/vschema-sql.js';

const quote = (s: string) => `'${s.replace(/'/g, "\\'")}'`;
const uuid = 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a';

describe('vtgate statements', () => {
  it('spells ALTER/REVERT VITESS_MIGRATION as Vitess parses them', () => {
    expect(alterMigration(quote, 'COMPLETE', { uuid })).toBe(`ALTER VITESS_MIGRATION '${uuid}' COMPLETE`);
    expect(alterMigration(quote, 'CANCEL', { all: true })).toBe('ALTER VITESS_MIGRATION CANCEL ALL');
    expect(alterMigration(quote, 'LAUNCH', { uuid }, ['-80', '80-'])).toBe(`ALTER VITESS_MIGRATION '${uuid}' LAUNCH VITESS_SHARDS '-80,80-'`);
    expect(throttleMigration(quote, { uuid }, 0.5, 90_000)).toBe(`ALTER VITESS_MIGRATION '${uuid}' THROTTLE EXPIRE '1m30s' RATIO 0.5`);
    expect(throttleMigration(quote, { all: true }, 1, 3_600_000)).toBe("ALTER VITESS_MIGRATION THROTTLE ALL EXPIRE '1h0m0s' RATIO 1");
    expect(revertMigration(quote, uuid)).toBe(`REVERT VITESS_MIGRATION '${uuid}'`);
  });
});

describe('VSchema through ALTER VSCHEMA', () => {
  it('creates vindexes, then tables and their column vindexes; drops what is gone', () => {
    const current = { sharded: true, vindexes: { old: { type: 'hash' } }, tables: { gone: { column_vindexes: [{ column: 'id', name: 'old' }] } } };
    const desired = {
      sharded: true,
      vindexes: { hash: { type: 'hash' }, lookup: { type: 'consistent_lookup_unique', params: { table: 'ks.l', from: 'name', to: 'keyspace_id' }, owner: 'c' } },
      tables: { c: { column_vindexes: [{ column: 'id', name: 'hash' }, { columns: ['name'], name: 'lookup' }], auto_increment: { column: 'id', sequence: 'u.c_seq' } } },
    };
    expect(vschemaStatements('ks', current, desired)).toEqual([
      'ALTER VSCHEMA CREATE VINDEX `ks`.`hash` USING hash',
      'ALTER VSCHEMA CREATE VINDEX `ks`.`lookup` USING consistent_lookup_unique WITH table=ks.l, from=name, to=keyspace_id, owner=c',
      'ALTER VSCHEMA ON `ks`.`c` ADD VINDEX `hash`(`id`)',
      'ALTER VSCHEMA ON `ks`.`c` ADD VINDEX `lookup`(`name`)',
      'ALTER VSCHEMA ON `ks`.`c` ADD AUTO_INCREMENT `id` USING `u`.`c_seq`',
      'ALTER VSCHEMA ON `ks`.`gone` DROP VINDEX `old`',
      'ALTER VSCHEMA DROP VINDEX `ks`.`old`',
    ]);
  });

  it('adds tables and sequences to unsharded keyspaces, and refuses what SQL cannot express', () => {
    expect(vschemaStatements('u', { tables: {} }, { tables: { t: {}, c_seq: { type: 'sequence' } } })).toEqual([
      'ALTER VSCHEMA ADD TABLE `u`.`t`', 'ALTER VSCHEMA ADD SEQUENCE `u`.`c_seq`',
    ]);
    expect(() => vschemaStatements('u', {}, { tables: { r: { type: 'reference' } } })).toThrow(/reference table r/);
    expect(() => vschemaStatements('u', {}, { require_explicit_routing: true })).toThrow(/require_explicit_routing cannot be applied/);
  });

  it('reads SHOW VSCHEMA VINDEXES params', () => {
    expect(parseParams('from=name; table=ks.l; to=keyspace_id')).toEqual({ from: 'name', table: 'ks.l', to: 'keyspace_id' });
    expect(parseParams('')).toBeUndefined();
  });
});
