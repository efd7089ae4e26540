// The edge as a MySQL client of the upstream server: TCP connect, greeting, HandshakeResponse41 with the
// capabilities the client negotiated, and the authentication dance (mysql_native_password, or
// caching_sha2_password with fast auth, full auth over RSA, and AuthSwitchRequest either way).
import { constants, publicEncrypt } from 'node:crypto';
import net from 'node:net';
import { authPlugins, scramble, type AuthPlugin } from '../auth/scramble.js';
import { Capability } from '../protocol/constants.js';
import {
  errorFromPayload, handshakeResponsePayload, parseAuthSwitchRequest, parseGreeting, type Greeting,
} from '../protocol/handshake.js';
import { ProtocolError } from '../protocol/wire.js';
import { PacketChannel } from './channel.js';

export interface UpstreamLogin {
  host: string;
  port: number;
  /** The server's Unix socket, used instead of host and port when set. */
  socketPath?: string | null;
  user: string;
  password: string;
  database: string | null;
  /** Capabilities wanted; intersected with the server's. */
  capabilities: number;
  collation?: number;
  maxPacketSize?: number;
  attributes?: Buffer | null;
  timeoutMs?: number;
  /** Answer the greeting with this plugin even if the server offers another (exercises AuthSwitch). */
  preferredPlugin?: AuthPlugin;
  /** MariaDB capabilities wanted beyond 32 bits; used only when the server offers them. */
  extendedCapabilities?: number;
}

export interface UpstreamConnection {
  socket: net.Socket;
  greeting: Greeting;
  /** Capabilities in effect on this connection. */
  capabilities: number;
  /** Server status flags from the final OK. */
  status: number;
  /** MariaDB capabilities in effect beyond 32 bits (0 with MySQL). */
  extendedCapabilities: number;
}

const mandatory = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.LONG_PASSWORD;

export async function connectUpstream(login: UpstreamLogin): Promise<UpstreamConnection> {
  const socket = login.socketPath ? net.connect({ path: login.socketPath }) : net.connect({ host: login.host, port: login.port });
  socket.setNoDelay(true);
  const timeout = setTimeout(() => socket.destroy(new Error(`timed out connecting to ${login.host}:${login.port}`)), login.timeoutMs ?? 10_000);
  const channel = new PacketChannel(socket, 1 << 24);
  try {
    const result = await handshake(channel, socket, login);
    const leftover = channel.detach();
    if (leftover.length) throw new ProtocolError('unexpected data after the upstream handshake');
    return result;
  } catch (err) {
    channel.detach();
    socket.destroy();
    throw err;
  } finally {
    clearTimeout(timeout);
  }
}

async function handshake(channel: PacketChannel, socket: net.Socket, login: UpstreamLogin): Promise<UpstreamConnection> {
  const first = await channel.read();
  const greeting = parseGreeting(first.payload);
  let plugin: AuthPlugin = login.preferredPlugin
    ?? ((authPlugins as readonly string[]).includes(greeting.authPlugin) ? (greeting.authPlugin as AuthPlugin) : 'mysql_native_password');
  let nonce = greeting.nonce;
  const withDb = login.database ? Capability.CONNECT_WITH_DB : 0;
  const extendedCapabilities = (login.extendedCapabilities ?? 0) & (greeting.extendedCapabilities ?? 0);
  const capabilities = ((((login.capabilities | mandatory) & ~Capability.CONNECT_WITH_DB & greeting.capabilities) | withDb)
    & ~Capability.SSL & ~Capability.COMPRESS & (extendedCapabilities ? ~Capability.LONG_PASSWORD : ~0)) >>> 0;
  channel.write(handshakeResponsePayload({
    capabilities,
    maxPacketSize: login.maxPacketSize ?? 1 << 24,
    collation: login.collation ?? greeting.collation,
    username: login.user,
    authResponse: scramble(plugin, login.password, nonce),
    database: login.database,
    authPlugin: plugin,
    attributes: capabilities & Capability.CONNECT_ATTRS ? (login.attributes ?? null) : null,
    extendedCapabilities,
  }), first.seq + 1);
  for (;;) {
    const p = await channel.read();
    const seq = p.seq + 1;
    const kind = p.payload[0];
    if (kind === 0x00) return { socket, greeting, capabilities, status: okStatus(p.payload), extendedCapabilities };
    if (kind === 0xff) throw errorFromPayload(p.payload);
    if (kind === 0xfe) {
      const request = parseAuthSwitchRequest(p.payload);
      if (!(authPlugins as readonly string[]).includes(request.plugin)) throw new ProtocolError(`upstream asked for unsupported auth plugin ${request.plugin}`);
      plugin = request.plugin as AuthPlugin;
      nonce = request.data.subarray(0, 20);
      channel.write(scramble(plugin, login.password, nonce), seq);
      continue;
    }
    if (kind === 0x01 && plugin === 'caching_sha2_password') {
      const status = p.payload[1];
      if (status === 0x03) continue; // fast auth succeeded; the OK follows
      if (status === 0x04) {
        // Full authentication over plain TCP: fetch the server's RSA key, send the password encrypted.
        channel.write(Buffer.from([0x02]), seq);
        const key = await channel.read();
        const pem = key.payload.subarray(1).toString('latin1');
        const clear = Buffer.from(login.password + '\0', 'utf8');
        for (let i = 0; i < clear.length; i++) clear[i] = clear[i]! ^ nonce[i % nonce.length]!;
        channel.write(publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING }, clear), key.seq + 1);
        continue;
      }
    }
    throw new ProtocolError(`unexpected packet 0x${(kind ?? 0).toString(16)} during the upstream handshake`);
  }
}

function okStatus(payload: Buffer): number {
  let i = 1;
  for (let n = 0; n < 2; n++) {
    const b = payload[i] ?? 0;
    i += b < 0xfb ? 1 : b === 0xfc ? 3 : b === 0xfd ? 4 : 9;
  }
  return payload.length >= i + 2 ? payload.readUInt16LE(i) : 0;
}
