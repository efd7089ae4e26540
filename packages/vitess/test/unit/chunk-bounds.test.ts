// Where copy chunks end by key value (online/chunk-bounds.ts): the span follows the key density the
// last chunk saw, the chunk that reaches the table's MAX runs to the end, and every chunk is capped.
import { describe, expect, it } from 'vitest';
import type { Connection } from '@localscale/mysql';
import { boundsByValue } from '../../src/embedded/online/chunk-bounds.js';

/** A connection that answers the one MIN/MAX read. */
const withRange = (lo: unknown, hi: unknown) => {
  const seen: string[] = [];
  const conn = { query: async (sql: string) => { seen.push(sql); return [[{ lo, hi }]]; } } as unknown as Connection;
  return { conn, seen };
};

describe('chunks by key value', () => {
  it('covers a dense key in spans of the wanted rows, reading MIN/MAX once, and runs the last chunk to the end', async () => {
    const { conn, seen } = withRange(1, 250);
    const bounds = boundsByValue('`db`.`t`', 'id');
    expect(await bounds.next(conn, null, 100)).toEqual({ upTo: [100n], limit: 200 });
    bounds.copied(null, [100n], 100);
    expect(await bounds.next(conn, [100n], 100)).toEqual({ upTo: [200n], limit: 200 });
    bounds.copied([100n], [200n], 100);
    // 200 + 100 passes MAX 250: the chunk takes everything after 200, rows added since included.
    expect(await bounds.next(conn, [200n], 100)).toEqual({ upTo: null, limit: 200 });
    expect(seen).toHaveLength(1);
  });

  it('widens the span over sparse keys and doubles it after an empty one', async () => {
    const { conn } = withRange(0, 10_000_000);
    const bounds = boundsByValue('`db`.`t`', 'id');
    await bounds.next(conn, null, 10);
    bounds.copied(null, [9n], 1); // one row in 10 key values
    expect(await bounds.next(conn, [9n], 10)).toEqual({ upTo: [109n], limit: 20 });
    bounds.copied([9n], [109n], 0);
    expect(await bounds.next(conn, [109n], 10)).toEqual({ upTo: [309n], limit: 20 });
  });

  it('keeps exact arithmetic on keys past 2^53 (the driver returns them as strings)', async () => {
    const { conn } = withRange('18446744073709551000', '18446744073709551615');
    const bounds = boundsByValue('`db`.`t`', 'id');
    expect(await bounds.next(conn, null, 100)).toEqual({ upTo: [18446744073709551099n], limit: 200 });
    expect(await bounds.next(conn, ['18446744073709551099'], 100)).toEqual({ upTo: [18446744073709551199n], limit: 200 });
  });

  it('copies an empty table in one chunk', async () => {
    const { conn } = withRange(null, null);
    expect(await boundsByValue('`db`.`t`', 'id').next(conn, null, 100)).toEqual({ upTo: null, limit: 200 });
  });
});
