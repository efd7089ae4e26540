// Stored plan documents: the current shape is checked, not cast; plans stored as plain statements
// (before plans kept the differ's structure) still load, through the legacy reader.
import { describe, expect, it } from 'vitest';
import { legacyChange } from '../src/machine/legacy-plan.js';
import { PlanDocumentError, readPlanDocument } from '../src/machine/plan-document.js';

describe('reading a stored plan', () => {
  it('reads the current shape as it is', () => {
    const doc = { keyspaces: [{ keyspace: 'app', changes: [{ kind: 'DROP', table: 'gone', sql: 'DROP TABLE `gone`', dropsData: true }], vschema: null }], instantEligible: false };
    expect(readPlanDocument(doc)).toEqual(doc);
    expect(readPlanDocument(null)).toBeNull();
  });

  it('refuses documents of another shape', () => {
    expect(() => readPlanDocument({ keyspaces: [{ keyspace: 'app', changes: [{ kind: 'RENAME', table: 't', sql: 'x', dropsData: false }], vschema: null }], instantEligible: true })).toThrow(PlanDocumentError);
    expect(() => readPlanDocument({ keyspaces: [{ keyspace: 'app', vschema: null }], instantEligible: true })).toThrow(/neither changes nor ddl/);
    expect(() => readPlanDocument([])).toThrow(PlanDocumentError);
  });

  it('legacy: plans of plain statements load, their kind, table and data loss derived once from the text', () => {
    const legacy = {
      keyspaces: [
        { keyspace: 'app', ddl: ['ALTER TABLE `users` DROP COLUMN `nick`', 'CREATE TABLE `carts` (`id` int NOT NULL, PRIMARY KEY (`id`))'], vschema: null },
        { keyspace: 'vs', ddl: [], vschema: { before: null, after: { sharded: false } } },
      ],
      instantEligible: false,
    };
    expect(readPlanDocument(legacy)).toEqual({
      keyspaces: [
        {
          keyspace: 'app', vschema: null, changes: [
            { kind: 'ALTER', table: 'users', sql: 'ALTER TABLE `users` DROP COLUMN `nick`', dropsData: true },
            { kind: 'CREATE', table: 'carts', sql: 'CREATE TABLE `carts` (`id` int NOT NULL, PRIMARY KEY (`id`))', dropsData: false },
          ],
        },
        { keyspace: 'vs', changes: [], vschema: { before: null, after: { sharded: false } } },
      ],
      instantEligible: false,
    });
  });

  it('legacy: the statement shapes the differ wrote', () => {
    const described = (sql: string) => { const c = legacyChange(sql); return { kind: c.kind, table: c.table, dropsData: c.dropsData }; };
    expect(described('ALTER TABLE `orders` ADD INDEX `i` (`x`)')).toEqual({ kind: 'ALTER', table: 'orders', dropsData: false });
    expect(described('alter table t drop column c')).toEqual({ kind: 'ALTER', table: 't', dropsData: true });
    expect(described('ALTER TABLE t DROP INDEX i')).toEqual({ kind: 'ALTER', table: 't', dropsData: false });
    expect(described('ALTER TABLE `t` DROP FOREIGN KEY `t_p`')).toEqual({ kind: 'ALTER', table: 't', dropsData: false });
    expect(described('DROP TABLE IF EXISTS `a`')).toEqual({ kind: 'DROP', table: 'a', dropsData: true });
    expect(described('DROP VIEW `v`')).toEqual({ kind: 'DROP VIEW', table: 'v', dropsData: false });
    expect(described('CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select 1')).toEqual({ kind: 'CREATE VIEW', table: 'v', dropsData: false });
    // The differ changes an existing view with CREATE OR REPLACE, which PlanetScale shows as ALTER VIEW.
    expect(described('CREATE OR REPLACE ALGORITHM=UNDEFINED VIEW v AS select 1')).toEqual({ kind: 'ALTER VIEW', table: 'v', dropsData: false });
    expect(described('ALTER TABLE `my``t` ADD COLUMN `c` int')).toEqual({ kind: 'ALTER', table: 'my`t', dropsData: false });
  });
});
