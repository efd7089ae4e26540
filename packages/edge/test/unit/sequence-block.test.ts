import { describe, expect, it } from 'vitest';
import { emptyBlock, reload, serve } from '../../src/vtgate/sequence-block.js';

describe('Vitess sequence blocks', () => {
  it('loads a block of `cache` ids, serves from it, and reserves the next block when it runs out', () => {
    expect(serve(emptyBlock, 3n)).toBeNull();
    const first = reload(emptyBlock, { nextId: 1n, cache: 10n }, 3n, 's');
    expect(first.newLast).toBe(11n);
    const a = serve(first.block, 3n)!;
    expect(a.first).toBe(1n);
    // 4 + 12 > 11: the block cannot cover the request, so the next one is reserved.
    expect(serve(a.block, 12n)).toBeNull();
    const second = reload(a.block, { nextId: 11n, cache: 10n }, 12n, 's');
    expect(second.newLast).toBe(21n);
    expect(serve(second.block, 12n)!.first).toBe(4n);
  });

  it('moves past as many blocks as a large request needs, and restarts where a reset next_id says, never below what was handed out', () => {
    expect(reload(emptyBlock, { nextId: 1n, cache: 10n }, 35n, 's').newLast).toBe(41n);
    const block = { nextVal: 5n, lastVal: 11n };
    expect(reload(block, { nextId: 100n, cache: 10n }, 1n, 's')).toEqual({ newLast: 110n, block: { nextVal: 100n, lastVal: 110n } });
    expect(reload(block, { nextId: 3n, cache: 10n }, 1n, 's')).toEqual({ newLast: 21n, block: { nextVal: 11n, lastVal: 21n } });
    expect(() => reload(block, { nextId: 11n, cache: 0n }, 1n, 'seq')).toThrow('invalid cache value for sequence seq: 0');
  });
});
