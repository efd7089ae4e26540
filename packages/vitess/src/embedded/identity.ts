// Identifiers as Vitess makes them: migration UUIDs are time-based (v1) UUIDs written lowercase with
// underscores (`a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a`), the same on every shard.
import { randomBytes, randomUUID } from 'node:crypto';

const gregorianOffsetMs = 12_219_292_800_000; // 1582-10-15 → 1970-01-01
const node = randomBytes(6);
node[0]! |= 0x01; // multicast bit: a random node id, not a MAC address (RFC 4122 §4.5)
const clockSeq = randomBytes(2).readUInt16BE(0) & 0x3fff;
let last = 0n;

export function newMigrationUuid(now: Date = new Date()): string {
  let ts = BigInt(now.getTime() + gregorianOffsetMs) * 10_000n;
  // Strictly increasing within the process, so UUIDs made in the same millisecond differ and sort.
  if (ts <= last) ts = last + 1n;
  last = ts;
  const timeLow = Number(ts & 0xffffffffn);
  const timeMid = Number((ts >> 32n) & 0xffffn);
  const timeHi = Number((ts >> 48n) & 0x0fffn) | 0x1000;
  const seq = clockSeq | 0x8000;
  return [hex(timeLow, 8), hex(timeMid, 4), hex(timeHi, 4), hex(seq, 4), node.toString('hex')].join('_');
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Vitess's IsOnlineDDLUUID. */
export const isMigrationUuid = (s: string) => /^[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}$/.test(s);

/** The 32 hex digits used in artifact and trigger names. */
export const uuid32 = (uuid: string) => uuid.replace(/[-_]/g, '');

/** A vtgate `@@session_uuid` (dashed), the basis of the default migration context. */
export const newSessionUuid = () => randomUUID();
