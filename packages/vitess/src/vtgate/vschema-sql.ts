// VSchema through vtgate SQL: reading it back from SHOW VSCHEMA output, and applying a desired
// VSchema as the ALTER VSCHEMA statements that turn the current one into it. SQL cannot express
// everything in a VSchema (reference tables, routing rules, foreign_key_mode...); those are refused.
import { VitessError, type VSchema } from '../port/index.js';

export interface VindexDef { type: string; params?: Record<string, string>; owner?: string }
export interface ColumnVindex { column?: string; columns?: string[]; name: string }
export interface TableDef { type?: string; column_vindexes?: ColumnVindex[]; auto_increment?: { column: string; sequence: string } }
export interface KeyspaceDef { sharded?: boolean; vindexes?: Record<string, VindexDef>; tables?: Record<string, TableDef> }

const supportedKeys = new Set(['sharded', 'vindexes', 'tables']);
const q = (name: string) => '`' + name.replace(/`/g, '``') + '`';

/** `Params` of SHOW VSCHEMA VINDEXES, e.g. `from=name; table=ks.t; to=keyspace_id`. */
export function parseParams(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return Object.keys(out).length ? out : undefined;
}

const withClause = (params: Record<string, string> | undefined, owner?: string) => {
  const pairs = Object.entries({ ...(params ?? {}), ...(owner ? { owner } : {}) });
  return pairs.length ? ` WITH ${pairs.map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
};

/** ALTER VSCHEMA statements that take `current` to `desired` (both for keyspace `ks`). */
export function vschemaStatements(ks: string, current: KeyspaceDef, desiredDoc: VSchema): string[] {
  const desired = desiredDoc as KeyspaceDef;
  for (const key of Object.keys(desiredDoc)) {
    if (!supportedKeys.has(key)) throw new VitessError(`vschema field ${key} cannot be applied through vtgate SQL; use vtctldclient ApplyVSchema`, 1105);
  }
  const out: string[] = [];
  const curV = current.vindexes ?? {}, wantV = desired.vindexes ?? {};
  const curT = current.tables ?? {}, wantT = desired.tables ?? {};
  const sharded = desired.sharded ?? current.sharded ?? false;
  for (const [name, v] of Object.entries(wantV)) {
    if (!curV[name]) out.push(`ALTER VSCHEMA CREATE VINDEX ${q(ks)}.${q(name)} USING ${v.type}${withClause(v.params, v.owner)}`);
  }
  for (const [table, def] of Object.entries(wantT)) {
    if (def.type === 'reference') throw new VitessError(`reference table ${table} cannot be declared through vtgate SQL; use vtctldclient ApplyVSchema`, 1105);
    const have = curT[table];
    if (def.type === 'sequence') {
      if (!have) out.push(`ALTER VSCHEMA ADD SEQUENCE ${q(ks)}.${q(table)}`);
      continue;
    }
    if (!sharded && !have) out.push(`ALTER VSCHEMA ADD TABLE ${q(ks)}.${q(table)}`);
    const haveNames = new Set((have?.column_vindexes ?? []).map((c) => c.name));
    for (const cv of def.column_vindexes ?? []) {
      if (haveNames.has(cv.name)) continue;
      const cols = cv.columns ?? (cv.column ? [cv.column] : []);
      out.push(`ALTER VSCHEMA ON ${q(ks)}.${q(table)} ADD VINDEX ${q(cv.name)}(${cols.map(q).join(', ')})`);
    }
    if (def.auto_increment && !have?.auto_increment) {
      out.push(`ALTER VSCHEMA ON ${q(ks)}.${q(table)} ADD AUTO_INCREMENT ${q(def.auto_increment.column)} USING ${def.auto_increment.sequence.split('.').map(q).join('.')}`);
    }
    const wantNames = new Set((def.column_vindexes ?? []).map((c) => c.name));
    for (const cv of have?.column_vindexes ?? []) {
      if (!wantNames.has(cv.name)) out.push(`ALTER VSCHEMA ON ${q(ks)}.${q(table)} DROP VINDEX ${q(cv.name)}`);
    }
  }
  for (const [table, def] of Object.entries(curT)) {
    if (wantT[table]) continue;
    if (def.type === 'sequence') out.push(`ALTER VSCHEMA DROP SEQUENCE ${q(ks)}.${q(table)}`);
    else if (sharded) for (const cv of def.column_vindexes ?? []) out.push(`ALTER VSCHEMA ON ${q(ks)}.${q(table)} DROP VINDEX ${q(cv.name)}`);
    else out.push(`ALTER VSCHEMA DROP TABLE ${q(ks)}.${q(table)}`);
  }
  for (const name of Object.keys(curV)) {
    if (!wantV[name]) out.push(`ALTER VSCHEMA DROP VINDEX ${q(ks)}.${q(name)}`);
  }
  return out;
}
