// The connection phase, from both sides: the edge greets clients as a server and greets the upstream
// MySQL as a client. Layouts are protocol 10 / HandshakeResponse41.
import { Capability } from './constants.js';
import { lenencInt, nulString, PayloadReader, ProtocolError, u16, u32 } from './wire.js';

export interface Greeting {
  serverVersion: string;
  connectionId: number;
  /** The 20-byte scramble nonce. */
  nonce: Buffer;
  capabilities: number;
  collation: number;
  status: number;
  authPlugin: string;
  /** MariaDB's capabilities beyond 32 bits (`MARIADB_CLIENT_*` >> 32); 0 from MySQL servers. */
  extendedCapabilities?: number;
}

/** MARIADB_CLIENT_EXTENDED_METADATA >> 32: column definitions carry the type's format (e.g. `json`). */
export const mariadbExtendedMetadata = 0x8;

export function greetingPayload(g: Greeting): Buffer {
  const caps = g.capabilities >>> 0;
  return Buffer.concat([
    Buffer.from([10]), nulString(g.serverVersion), u32(g.connectionId),
    g.nonce.subarray(0, 8), Buffer.from([0]),
    u16(caps & 0xffff), Buffer.from([g.collation & 0xff]), u16(g.status), u16(caps >>> 16),
    Buffer.from([g.nonce.length + 1]), Buffer.alloc(10),
    g.nonce.subarray(8), Buffer.from([0]),
    nulString(g.authPlugin),
  ]);
}

export function parseGreeting(payload: Buffer): Greeting {
  const r = new PayloadReader(payload);
  const protocol = r.u8();
  if (protocol === 0xff) {
    r.offset = 0;
    throw errorFromPayload(payload);
  }
  if (protocol !== 10) throw new ProtocolError(`unsupported protocol version ${protocol}`);
  const serverVersion = r.nulBytes().toString('utf8');
  const connectionId = r.u32();
  const part1 = r.bytes(8);
  r.skip(1);
  const capsLow = r.u16();
  const collation = r.remaining ? r.u8() : 0;
  const status = r.remaining ? r.u16() : 0;
  const capsHigh = r.remaining ? r.u16() : 0;
  const capabilities = (capsLow | (capsHigh << 16)) >>> 0;
  const authDataLength = r.remaining ? r.u8() : 0;
  let extendedCapabilities = 0;
  if (r.remaining >= 10) {
    r.skip(6);
    // MariaDB clears CLIENT_MYSQL (LONG_PASSWORD) and puts its extra capabilities in the reserved bytes.
    const extra = r.u32();
    if (!(capabilities & Capability.LONG_PASSWORD)) extendedCapabilities = extra;
  }
  let part2: Buffer = Buffer.alloc(0);
  if (capabilities & Capability.SECURE_CONNECTION) {
    part2 = r.bytes(Math.max(13, authDataLength - 8));
    if (part2[part2.length - 1] === 0) part2 = part2.subarray(0, part2.length - 1);
  }
  const authPlugin = capabilities & Capability.PLUGIN_AUTH && r.remaining ? r.nulBytes().toString('latin1') : 'mysql_native_password';
  return { serverVersion, connectionId, nonce: Buffer.concat([part1, part2]), capabilities, collation, status, authPlugin, extendedCapabilities };
}

export interface HandshakeResponse {
  capabilities: number;
  maxPacketSize: number;
  collation: number;
  username: string;
  authResponse: Buffer;
  database: string | null;
  authPlugin: string | null;
  /** The connection-attributes block exactly as sent, length prefix included, to relay upstream. */
  attributes: Buffer | null;
  /** MariaDB's extra capabilities, sent in the last 4 reserved bytes when CLIENT_MYSQL is clear. */
  extendedCapabilities?: number;
}

/** An SSLRequest is the first 32 bytes of a HandshakeResponse41 with CLIENT_SSL set. */
export const isSslRequest = (payload: Buffer) => payload.length === 32 && (payload.readUInt32LE(0) & Capability.SSL) !== 0;

export function parseHandshakeResponse(payload: Buffer): HandshakeResponse {
  const r = new PayloadReader(payload);
  const capabilities = r.u32();
  if (!(capabilities & Capability.PROTOCOL_41)) throw new ProtocolError('client does not speak protocol 4.1');
  const maxPacketSize = r.u32();
  const collation = r.u8();
  r.skip(23);
  const username = r.nulBytes().toString('utf8');
  let authResponse: Buffer;
  if (capabilities & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) authResponse = Buffer.from(r.lenencBytes());
  else if (capabilities & Capability.SECURE_CONNECTION) authResponse = Buffer.from(r.bytes(r.u8()));
  else authResponse = Buffer.from(r.nulBytes());
  const database = capabilities & Capability.CONNECT_WITH_DB && r.remaining ? r.nulBytes().toString('utf8') : null;
  const authPlugin = capabilities & Capability.PLUGIN_AUTH && r.remaining ? r.nulBytes().toString('latin1') : null;
  let attributes: Buffer | null = null;
  if (capabilities & Capability.CONNECT_ATTRS && r.remaining) {
    const start = r.offset;
    const length = r.lenenc();
    if (length === null) throw new ProtocolError('invalid connection attributes');
    r.skip(length);
    attributes = Buffer.from(payload.subarray(start, r.offset));
  }
  return { capabilities, maxPacketSize, collation, username, authResponse, database: database || null, authPlugin, attributes };
}

export function handshakeResponsePayload(h: HandshakeResponse): Buffer {
  const caps = h.capabilities >>> 0;
  const reserved = Buffer.alloc(23);
  if (h.extendedCapabilities) reserved.writeUInt32LE(h.extendedCapabilities >>> 0, 19);
  const parts: Buffer[] = [u32(caps), u32(h.maxPacketSize), Buffer.from([h.collation & 0xff]), reserved, nulString(h.username)];
  if (caps & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) parts.push(lenencInt(h.authResponse.length), h.authResponse);
  else parts.push(Buffer.from([h.authResponse.length]), h.authResponse);
  if (caps & Capability.CONNECT_WITH_DB) parts.push(nulString(h.database ?? ''));
  if (caps & Capability.PLUGIN_AUTH) parts.push(nulString(h.authPlugin ?? ''));
  if (caps & Capability.CONNECT_ATTRS) parts.push(h.attributes ?? Buffer.from([0]));
  return Buffer.concat(parts);
}

/** 0xFE AuthSwitchRequest: the plugin to use and a fresh nonce (NUL-terminated, as MySQL sends it). */
export const authSwitchRequestPayload = (plugin: string, nonce: Buffer) =>
  Buffer.concat([Buffer.from([0xfe]), nulString(plugin), nonce, Buffer.from([0])]);

export function parseAuthSwitchRequest(payload: Buffer): { plugin: string; data: Buffer } {
  const r = new PayloadReader(payload);
  r.skip(1);
  const plugin = r.nulBytes().toString('latin1');
  let data = r.rest();
  if (data[data.length - 1] === 0) data = data.subarray(0, data.length - 1);
  return { plugin, data: Buffer.from(data) };
}

export interface ServerError { errno: number; sqlState: string; message: string }

export class ServerErrorPacket extends Error implements ServerError {
  constructor(readonly errno: number, readonly sqlState: string, message: string) {
    super(message);
    this.name = 'ServerErrorPacket';
  }
}

/** Decodes an ERR packet (0xFF) into an error carrying its errno and SQL state. */
export function errorFromPayload(payload: Buffer): ServerErrorPacket {
  const r = new PayloadReader(payload);
  r.skip(1);
  const errno = r.u16();
  let sqlState = 'HY000';
  if (payload[3] === 0x23) {
    r.skip(1);
    sqlState = r.bytes(5).toString('latin1');
  }
  return new ServerErrorPacket(errno, sqlState, r.rest().toString('utf8'));
}
