// The registry's refusal of unknown types (vindexes.CreateVindex) and key ranges
// (key.KeyRangeContains, topo.ValidateShardName, key.GenerateShardRanges, go/vt/key/key_test.go).
import { describe, expect, it } from 'vitest';
import { VitessError } from '../../src/port/errors.js';
import {
  evenShardNames, keyRangeContains, parseShardName, shardForKeyspaceId, vindexFor, vindexTypes,
} from '../../src/vindex/index.js';

const b = (h: string) => Buffer.from(h, 'hex');

describe('vindexFor', () => {
  it.each(vindexTypes)('knows %s', (type) => {
    const v = vindexFor(type, { Table: 't', Column: 'c' });
    expect(v.type).toBe(type);
    expect(v.unique).toBe(true);
  });
  it('refuses an unknown type as vtgate does', () => {
    let error: unknown;
    try { vindexFor('foo'); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(VitessError);
    expect((error as VitessError).message).toBe('vindexType "foo" not found');
    expect((error as VitessError).errno).toBe(1105);
    expect(() => vindexFor('toString')).toThrow('vindexType "toString" not found');
  });
});

describe('shard names as key ranges', () => {
  it('parses bounds as bytes, empty meaning open', () => {
    expect(parseShardName('-80')).toEqual({ start: b(''), end: b('80') });
    expect(parseShardName('80-')).toEqual({ start: b('80'), end: b('') });
    expect(parseShardName('40-80')).toEqual({ start: b('40'), end: b('80') });
    expect(parseShardName('4000-8000')).toEqual({ start: b('4000'), end: b('8000') });
    expect(parseShardName('C0-')).toEqual({ start: b('c0'), end: b('') });
    expect(parseShardName('-')).toEqual({ start: b(''), end: b('') });
    expect(parseShardName('0')).toEqual({ start: b(''), end: b('') });
  });
  it('refuses malformed ranges', () => {
    expect(() => parseShardName('80-40')).toThrow('out of order keyrange: 80-40');
    expect(() => parseShardName('80-80')).toThrow(VitessError);
    expect(() => parseShardName('8-')).toThrow('encoding/hex: odd length hex string');
    expect(() => parseShardName('a/b')).toThrow(VitessError);
  });

  it('contains keyspace ids by byte-string comparison (KeyRangeContains)', () => {
    const cases: Array<[string, string, boolean]> = [
      ['-', '', true], ['-', 'ff', true],
      ['-80', '', true], ['-80', '7fffffffffffffff', true], ['-80', '80', false], ['-80', '8000000000000000', false],
      ['80-', '80', true], ['80-', '8000000000000000', true], ['80-', '7f', false], ['80-', 'ffffffffffffffff', true],
      ['40-80', '40', true], ['40-80', '3fff', false], ['40-80', '7fff', true], ['40-80', '80', false],
      // A shorter id sorts before its extensions: 0x80 is below 0x8000 but not below 0x80.
      ['8000-', '80', false], ['-8000', '80', true], ['10-20', '10', true], ['10-20', '1000', true],
    ];
    for (const [shard, id, want] of cases) expect([shard, id, keyRangeContains(parseShardName(shard), b(id))]).toEqual([shard, id, want]);
  });

  it('finds the shard of a keyspace id', () => {
    const four = ['-40', '40-80', '80-c0', 'c0-'];
    expect(shardForKeyspaceId(four, b('166b40b44aba4bd6'))).toBe('-40');
    expect(shardForKeyspaceId(four, b('4eb190c9a2fa169c'))).toBe('40-80');
    expect(shardForKeyspaceId(four, b('8ca64de9c1b123a7'))).toBe('80-c0');
    expect(shardForKeyspaceId(four, b('d2fd8867d50d2dfe'))).toBe('c0-');
    expect(shardForKeyspaceId(['-80'], b('90'))).toBeUndefined();
    expect(shardForKeyspaceId(['0'], b('90'))).toBe('0');
  });

  it('names N equal shards as Vitess\'s GenerateShardRanges does', () => {
    expect(evenShardNames(1)).toEqual(['-']);
    expect(evenShardNames(2)).toEqual(['-80', '80-']);
    expect(evenShardNames(3)).toEqual(['-55', '55-aa', 'aa-']);
    expect(evenShardNames(4)).toEqual(['-40', '40-80', '80-c0', 'c0-']);
    expect(evenShardNames(8)).toEqual(['-20', '20-40', '40-60', '60-80', '80-a0', 'a0-c0', 'c0-e0', 'e0-']);
    expect(evenShardNames(512).slice(255, 258)).toEqual(['7f80-8000', '8000-8080', '8080-8100']);
  });

  it('every even split covers the whole keyspace-id range without overlap', () => {
    for (const n of [1, 2, 3, 5, 7, 16, 49, 100, 256, 300]) {
      const ranges = evenShardNames(n).map(parseShardName);
      expect(ranges[0]?.start.length).toBe(0);
      expect(ranges[ranges.length - 1]?.end.length).toBe(0);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toEqual(ranges[i - 1]?.end);
    }
  });
});
