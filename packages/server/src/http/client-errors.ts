// Requests Node's HTTP parser refuses before Koa sees them (headers or URL over its 16 KB limit,
// malformed request lines) still get PlanetScale's envelope, not a bare status line.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

const refusals: Record<string, { status: number; reason: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'request_header_fields_too_large', message: 'The request line and headers are larger than the server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'The request was not received in time' },
};
const malformed = { status: 400, reason: 'Bad Request', code: 'bad_request', message: 'The request is not valid HTTP' };

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const r = refusals[err.code ?? ''] ?? malformed;
    const body = JSON.stringify({ code: r.code, message: r.message });
    socket.end(`HTTP/1.1 ${r.status} ${r.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
