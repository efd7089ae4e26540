// A hand-driven MySQL client for hostile-input tests: it speaks only as much protocol as each test needs.
import net from 'node:net';
import { scramble } from '../../src/auth/scramble.js';
import { Capability } from '../../src/protocol/constants.js';
import { handshakeResponsePayload, parseGreeting, type Greeting } from '../../src/protocol/handshake.js';
import { PacketChannel } from '../../src/session/channel.js';

export interface RawClient { socket: net.Socket; channel: PacketChannel; greeting: Greeting }

export async function rawConnect(port: number): Promise<RawClient> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const channel = new PacketChannel(socket, 1 << 26);
  const greeting = parseGreeting((await channel.read()).payload);
  return { socket, channel, greeting };
}

export async function rawLogin(port: number, user: string, password: string, database: string | null): Promise<RawClient> {
  const client = await rawConnect(port);
  const caps = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.LONG_PASSWORD
    | Capability.MULTI_STATEMENTS | Capability.MULTI_RESULTS | (database ? Capability.CONNECT_WITH_DB : 0);
  client.channel.write(handshakeResponsePayload({
    capabilities: caps, maxPacketSize: 1 << 24, collation: 45, username: user,
    authResponse: scramble('mysql_native_password', password, client.greeting.nonce), database, authPlugin: 'mysql_native_password', attributes: null,
  }), 1);
  const ok = await client.channel.read();
  if (ok.payload[0] !== 0) throw new Error(`login failed: ${ok.payload.toString('utf8', 9)}`);
  return client;
}

/** Resolves when the peer has closed the socket. */
export const closed = (socket: net.Socket) =>
  new Promise<void>((resolve) => { if (socket.destroyed || socket.readableEnded) resolve(); else socket.once('close', () => resolve()); });

/** ERR packet fields, or null for any other packet. */
export function errorOf(payload: Buffer): { errno: number; message: string } | null {
  if (payload[0] !== 0xff) return null;
  return { errno: payload.readUInt16LE(1), message: payload.toString('utf8', 9) };
}
