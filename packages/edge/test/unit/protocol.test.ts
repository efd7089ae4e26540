import { describe, expect, it } from 'vitest';
import { PacketFramer, PacketTooLargeError } from '../../src/protocol/framing.js';
import { eofPayload, errPayload, okPayload, resultSetPayloads, varcharColumn } from '../../src/protocol/packets.js';
import { ResponseTracker, type ResponseKind } from '../../src/protocol/response.js';
import { frame, lenencInt, PayloadReader } from '../../src/protocol/wire.js';

const MORE = 0x0008;
const framed = (payloads: Buffer[]) => Buffer.concat(payloads.map((p, i) => frame(p, i + 1).bytes));

/** Feeds a response in pieces of every size from 1 byte up, checking it completes exactly at the end. */
function track(kind: ResponseKind, bytes: Buffer): ResponseTracker[] {
  const out: ResponseTracker[] = [];
  for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) {
    const t = new ResponseTracker(kind);
    for (let i = 0; i < bytes.length; i += size) {
      expect(t.done).toBe(false);
      t.feed(bytes.subarray(i, i + size));
    }
    expect(t.done).toBe(true);
    out.push(t);
  }
  return out;
}

describe('wire primitives', () => {
  it('round-trips length-encoded integers', () => {
    for (const n of [0, 250, 251, 65535, 65536, 16777215, 16777216, 2 ** 40]) {
      expect(new PayloadReader(lenencInt(n)).lenenc()).toBe(n);
    }
  });

  it('frames payloads of 16 MiB and more across packets', () => {
    const big = Buffer.alloc(0xffffff + 10, 7);
    const { bytes, nextSeq } = frame(big, 0);
    expect(nextSeq).toBe(2);
    const packets = new PacketFramer(1 << 25).push(bytes);
    expect(packets).toHaveLength(1);
    expect(packets[0]!.payload.equals(big)).toBe(true);
    const exact = frame(Buffer.alloc(0xffffff), 0);
    expect(exact.nextSeq).toBe(2); // a trailing empty packet
  });
});

describe('PacketFramer', () => {
  it('joins packets split across chunks and returns several from one chunk', () => {
    const bytes = Buffer.concat([frame(Buffer.from('abc'), 0).bytes, frame(Buffer.from('de'), 1).bytes]);
    const f = new PacketFramer(100);
    expect(f.push(bytes.subarray(0, 2))).toEqual([]);
    expect(f.push(bytes.subarray(2, 8)).map((p) => p.payload.toString())).toEqual(['abc']);
    expect(f.push(bytes.subarray(8)).map((p) => [p.seq, p.payload.toString()])).toEqual([[1, 'de']]);
  });

  it('hands a packet that came as one frame in one chunk on with its received bytes, header included', () => {
    const bytes = Buffer.concat([frame(Buffer.from('abc'), 3).bytes, frame(Buffer.from('de'), 4).bytes]);
    const f = new PacketFramer(100);
    const [a, b] = f.push(bytes);
    expect(a!.received).toEqual(frame(Buffer.from('abc'), 3).bytes);
    expect(b!.received).toEqual(frame(Buffer.from('de'), 4).bytes);
    // Split across chunks: no received bytes, the payload joined.
    const g = new PacketFramer(100);
    expect(g.push(bytes.subarray(0, 5))).toEqual([]);
    const [c] = g.push(bytes.subarray(5));
    expect([c!.payload.toString(), c!.received]).toEqual(['abc', undefined]);
  });

  it('reports a packet over the limit from its header, after the packets before it', () => {
    const f = new PacketFramer(10);
    const packets = f.push(Buffer.concat([frame(Buffer.from('ok'), 1).bytes, Buffer.from([0xff, 0xff, 0x00, 2])]));
    expect(packets.map((p) => p.payload.toString())).toEqual(['ok']);
    expect(f.failure).toBeInstanceOf(PacketTooLargeError);
    expect(f.drain()).toEqual(Buffer.from([0xff, 0xff, 0x00, 2]));
  });
});

describe('ResponseTracker', () => {
  const rs = (status: number) => resultSetPayloads([varcharColumn('a'), varcharColumn('b')], [['1', null], ['x'.repeat(300), 'y']], status);

  it('ends a result set at its final EOF', () => {
    const [t] = track('query', framed(rs(2)));
    expect([t!.errored, t!.results]).toEqual([false, 1]);
  });

  it('follows multi-result responses and OK packets with more results', () => {
    const bytes = framed([okPayload({ status: MORE, affectedRows: 3 }), ...rs(MORE), okPayload({ status: 2 })]);
    const [t] = track('query', bytes);
    expect(t!.results).toBe(3);
  });

  it('stops at an ERR, also in the middle of rows, and counts the results before it', () => {
    const err = errPayload(1317, '70100', 'Query execution was interrupted');
    const [a] = track('query', framed([...rs(MORE), err]));
    expect([a!.errored, a!.results]).toEqual([true, 1]);
    const midRows = rs(2).slice(0, 5);
    const [b] = track('query', framed([...midRows, err]));
    expect([b!.errored, b!.results]).toEqual([true, 0]);
  });

  it('follows COM_STMT_PREPARE responses', () => {
    const prepareOk = (columns: number, params: number) => {
      const b = Buffer.alloc(12);
      b.writeUInt32LE(7, 1);
      b.writeUInt16LE(columns, 5);
      b.writeUInt16LE(params, 7);
      return b;
    };
    const col = resultSetPayloads([varcharColumn('p')], [], 2)[1]!;
    track('prepare', framed([prepareOk(0, 0)]));
    track('prepare', framed([prepareOk(2, 0), col, col, eofPayload(2)]));
    track('prepare', framed([prepareOk(0, 1), col, eofPayload(2)]));
    track('prepare', framed([prepareOk(1, 2), col, col, eofPayload(2), col, eofPayload(2)]));
  });

  it('signals a LOCAL INFILE request and continues after the upload', () => {
    const t = new ResponseTracker('query');
    t.feed(frame(Buffer.concat([Buffer.from([0xfb]), Buffer.from('/tmp/f')]), 1).bytes);
    expect([t.done, t.localInfileRequested]).toEqual([false, true]);
    t.feed(frame(okPayload({ status: 2, affectedRows: 5 }), 3).bytes);
    expect(t.done).toBe(true);
  });

  it('does not mistake a row beginning with 0xFE for the end', () => {
    const longCell = Buffer.concat([Buffer.from([0xfe]), Buffer.alloc(8), Buffer.from('z')]); // 10-byte packet starting 0xFE
    const bytes = framed([lenencInt(1), resultSetPayloads([varcharColumn('a')], [], 2)[1]!, eofPayload(2), longCell, eofPayload(2)]);
    track('query', bytes);
  });

  it('stops at each packet boundary when asked, and starts over after reset', () => {
    const bytes = framed(rs(2));
    const t = new ResponseTracker('query');
    const boundaries: number[] = [];
    for (let i = 0; i < bytes.length;) { i = t.feed(bytes, i, bytes.length, true); boundaries.push(i); }
    expect(boundaries).toHaveLength(rs(2).length);
    expect(t.done).toBe(true);
    t.reset('single');
    expect(t.done).toBe(false);
    t.feed(framed([okPayload({ status: 2 })]));
    expect([t.done, t.results]).toEqual([true, 0]);
  });

  it('treats single-packet commands and field lists', () => {
    track('single', framed([okPayload({ status: 2 })]));
    const col = resultSetPayloads([varcharColumn('c')], [], 2)[1]!;
    track('field_list', framed([col, col, eofPayload(2)]));
    track('fetch', framed([Buffer.from([0x00, 0x00, 1]), eofPayload(2)]));
  });
});
