import { describe, expect, it } from 'vitest';
import { readExecuteParams } from '../../src/protocol/execute-params.js';

/** A COM_STMT_EXECUTE payload: id 7, no cursor, one iteration, then the parameter block. */
function payload(nullBitmap: number, bound: boolean, types: number[], values: Buffer[]): Buffer {
  const head = Buffer.alloc(10);
  head[0] = 0x17;
  head.writeUInt32LE(7, 1);
  head.writeUInt32LE(1, 6);
  const typeBytes = Buffer.alloc(types.length * 2);
  types.forEach((t, i) => typeBytes.writeUInt16LE(t, i * 2));
  return Buffer.concat([head, Buffer.from([nullBitmap, bound ? 1 : 0]), bound ? typeBytes : Buffer.alloc(0), ...values]);
}

const longlong = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b; };
const lenenc = (s: string) => Buffer.concat([Buffer.from([Buffer.byteLength(s, 'latin1')]), Buffer.from(s, 'latin1')]);
const double = (n: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(n); return b; };
const datetime = Buffer.from([7, 0xea, 0x07, 1, 2, 3, 4, 5]);

describe('COM_STMT_EXECUTE parameters as SQL literals', () => {
  it('reads integers, strings (escaped), NULLs, doubles and datetimes, and reuses bound types', () => {
    const types = [0x08, 0xfd, 0xfd, 0x05, 0x0c, 0x8008];
    const values = [longlong(-1001n), lenenc("it's \\ ok"), double(1.5), datetime, longlong(-1n)];
    const first = readExecuteParams(payload(0b100, true, types, values), 6, null);
    expect(first).toEqual({ statementId: 7, types, literals: ['-1001', "'it\\'s \\\\ ok'", 'NULL', '1.5', "'2026-01-02 03:04:05'", '18446744073709551615'] });
    const again = readExecuteParams(payload(0b100, false, [], values), 6, first.types);
    expect(again.literals).toEqual(first.literals);
    expect(() => readExecuteParams(payload(0, false, [], []), 1, null)).toThrow(/without parameter types/);
  });
});
