// The server side of the connection phase: greeting, optional TLS upgrade, the client's handshake
// response, password verification (with AuthSwitchRequest when the client answered with a plugin the
// credential cannot verify), expiry, and the connect-time database. Every refusal is sent to the client
// as MySQL's ERR packet before the connection closes.
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { nonce as newNonce, verifyScramble, authPlugins, type AuthPlugin } from '../auth/scramble.js';
import { accessDenied, badHandshake, insecureTransport, internalError, type SqlError, unknownDatabase } from '../errors.js';
import { Capability, relayableCapabilities, ServerStatus } from '../protocol/constants.js';
import {
  authSwitchRequestPayload, greetingPayload, isSslRequest, parseHandshakeResponse, type HandshakeResponse,
} from '../protocol/handshake.js';
import { errPayload } from '../protocol/packets.js';
import { ProtocolError } from '../protocol/wire.js';
import type { Credential } from '../types.js';
import { PacketChannel } from './channel.js';
import { resolveTarget, type informationSchema, type Target } from './routing.js';
import type { EdgeRuntime } from './runtime.js';
import { upgradeToTls } from './tls-upgrade.js';

/** The connection phase ended with an error already sent to the client. */
export class LoginRefused extends Error {
  constructor(readonly reason: 'auth' | 'protocol' | 'database' | 'transport', message: string) {
    super(message);
    this.name = 'LoginRefused';
  }
}

export interface Login {
  client: Duplex;
  channel: PacketChannel;
  tls: boolean;
  credential: Credential;
  response: HandshakeResponse;
  /** Capabilities in effect: what the client asked for among those the edge offered. */
  capabilities: number;
  target: Target | typeof informationSchema | null;
  /** Sequence id of the next packet the edge sends (the final OK). */
  seq: number;
}

const handshakeLimit = 64 * 1024;

export function offeredCapabilities(runtime: EdgeRuntime): number {
  const always = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.CONNECT_WITH_DB
    | Capability.LONG_PASSWORD | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA;
  const relayed = relayableCapabilities & runtime.upstreamInfo.capabilities;
  return (always | relayed | (runtime.tlsMode === 'none' ? 0 : Capability.SSL)) >>> 0;
}

export const clientHost = (socket: net.Socket) => (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');

export async function login(runtime: EdgeRuntime, id: number, socket: net.Socket, onUpgrade: (client: Duplex) => void): Promise<Login> {
  const offered = offeredCapabilities(runtime);
  const scramble = newNonce();
  let channel = new PacketChannel(socket, handshakeLimit);
  let client: Duplex = socket;
  const refuse = (error: SqlError, seq: number, reason: LoginRefused['reason']): never => {
    if (!client.destroyed) channel.write(errPayload(error.errno, error.sqlState, error.message), seq);
    throw new LoginRefused(reason, error.message);
  };

  channel.write(greetingPayload({
    serverVersion: runtime.serverVersion, connectionId: id, nonce: scramble, capabilities: offered,
    collation: runtime.upstreamInfo.collation, status: ServerStatus.AUTOCOMMIT, authPlugin: runtime.authPlugin,
  }), 0);

  let packet = await channel.read();
  let secure = false;
  if (isSslRequest(packet.payload)) {
    if (!runtime.secureContext) refuse(badHandshake(), packet.seq + 1, 'protocol');
    const alreadyRead = channel.detach();
    client = upgradeToTls(socket, alreadyRead, runtime.secureContext!, runtime.tlsMode === 'mtls');
    onUpgrade(client);
    channel = new PacketChannel(client, handshakeLimit);
    secure = true;
    packet = await channel.read();
  }
  let response: HandshakeResponse;
  try {
    response = parseHandshakeResponse(packet.payload);
  } catch (err) {
    if (err instanceof ProtocolError) refuse(badHandshake(), packet.seq + 1, 'protocol');
    throw err;
  }
  let seq = packet.seq + 1;
  if (runtime.tlsMode !== 'none' && !secure) refuse(insecureTransport(), seq, 'transport');

  let credential: Credential | null;
  try {
    credential = await runtime.authenticate(response.username);
  } catch (err) {
    runtime.log.error('edge credential lookup failed', { error: (err as Error).message });
    return refuse(internalError('credential lookup failed'), seq, 'auth');
  }

  // The plugin the client answered with, and its token. A client that answered with another plugin than
  // the greeting's did not use the greeting's nonce (libmysqlclient sends an empty token then): switch it,
  // to its own plugin if the credential can verify that one, else to one the credential can.
  let plugin = (response.capabilities & Capability.PLUGIN_AUTH ? response.authPlugin : null) ?? 'mysql_native_password';
  let token = response.authResponse;
  let usedNonce = scramble;
  const canVerify = (p: string) => (authPlugins as readonly string[]).includes(p)
    && (credential === null || credential.verifiers.some((v) => v.kind === p));
  if (plugin !== runtime.authPlugin || !canVerify(plugin)) {
    if (!(response.capabilities & Capability.PLUGIN_AUTH)) refuse(accessDenied(response.username, clientHost(socket), token.length > 0), seq, 'auth');
    const target: AuthPlugin = canVerify(plugin) ? (plugin as AuthPlugin) : (credential?.verifiers[0]?.kind ?? runtime.authPlugin);
    usedNonce = newNonce();
    channel.write(authSwitchRequestPayload(target, usedNonce), seq);
    const answer = await channel.read();
    seq = answer.seq + 1;
    plugin = target;
    token = answer.payload;
  }
  const verifier = credential?.verifiers.find((v) => v.kind === plugin);
  const expired = credential?.expiresAt != null && credential.expiresAt.getTime() <= runtime.now().getTime();
  if (!credential || !verifier || expired || !verifyScramble(verifier, usedNonce, token)) {
    runtime.stats.authFailures += 1;
    return refuse(accessDenied(response.username, clientHost(socket), token.length > 0), seq, 'auth');
  }
  if (plugin === 'caching_sha2_password') seq = channel.write(Buffer.from([0x01, 0x03]), seq);

  let target: Login['target'] = null;
  if (response.database) {
    target = resolveTarget(credential.branch, response.database);
    if (target === null) refuse(unknownDatabase(response.database), seq, 'database');
  }
  return {
    client, channel, tls: secure, credential, response, target, seq,
    capabilities: (response.capabilities & offered & ~Capability.SSL) >>> 0,
  };
}

