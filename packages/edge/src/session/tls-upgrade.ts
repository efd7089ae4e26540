// Switches a client connection to TLS after its SSLRequest. A client starts its TLS handshake right
// after the SSLRequest without waiting, so the ClientHello may already have been read with it; those
// bytes are replayed in front of the socket's stream.
import type net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';

function replaying(socket: net.Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read() { socket.resume(); },
    write(chunk: Buffer, _encoding, callback) { socket.write(chunk, callback); },
    final(callback) { socket.end(); callback(); },
    destroy(err, callback) { socket.destroy(err ?? undefined); callback(err); },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => { if (!stream.push(chunk)) socket.pause(); });
  socket.on('end', () => stream.push(null));
  socket.on('error', (err) => stream.destroy(err));
  socket.on('close', () => stream.destroy());
  return stream;
}

export function upgradeToTls(socket: net.Socket, alreadyRead: Buffer, context: tls.SecureContext, requireClientCert: boolean): tls.TLSSocket {
  const transport = alreadyRead.length ? replaying(socket, alreadyRead) : socket;
  return new tls.TLSSocket(transport, {
    isServer: true,
    secureContext: context,
    requestCert: requireClientCert,
    rejectUnauthorized: requireClientCert,
  });
}
