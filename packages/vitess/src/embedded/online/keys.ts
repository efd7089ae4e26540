// Chunk boundaries over a (possibly composite) unique key: row-value comparisons written out as
// ORs of ANDs, which both MySQL and MariaDB turn into index range scans, and key values persisted as
// JSON (binary values base64-encoded, integers past 2^53 as strings) so a copy can resume after a restart.
import { quoteIdentifier } from '@localscale/mysql';

export type KeyValue = unknown[];

/** `(k1, k2) > (v1, v2)` */
export const afterCondition = (columns: readonly string[], values: KeyValue) => rowComparison(columns, values, '>', false);

/** `(k1, k2) <= (v1, v2)` */
export const atOrBeforeCondition = (columns: readonly string[], values: KeyValue) => rowComparison(columns, values, '<', true);

function rowComparison(columns: readonly string[], values: KeyValue, op: '<' | '>', orEqual: boolean): { sql: string; params: unknown[] } {
  const ors: string[] = [];
  const params: unknown[] = [];
  for (let i = 0; i < columns.length; i++) {
    const ands: string[] = [];
    for (let j = 0; j < i; j++) { ands.push(`${quoteIdentifier(columns[j]!)} = ?`); params.push(values[j]); }
    ands.push(`${quoteIdentifier(columns[i]!)} ${op} ?`);
    params.push(values[i]);
    ors.push(`(${ands.join(' AND ')})`);
  }
  if (orEqual) {
    ors.push(`(${columns.map((c) => `${quoteIdentifier(c)} = ?`).join(' AND ')})`);
    params.push(...values);
  }
  return { sql: `(${ors.join(' OR ')})`, params };
}

export function encodeKey(values: KeyValue): string {
  return JSON.stringify(values.map((v) => {
    if (Buffer.isBuffer(v)) return { $b64: v.toString('base64') };
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    return v;
  }));
}

export function decodeKey(text: string): KeyValue {
  return (JSON.parse(text) as unknown[]).map((v) =>
    v !== null && typeof v === 'object' && '$b64' in v ? Buffer.from(String((v as { $b64: string }).$b64), 'base64') : v);
}
