// A free loopback port, chosen by the kernel. There is an unavoidable window between closing our probe
// socket and mysqld binding the port; the caller retries with a new port when mysqld reports EADDRINUSE.
import { createServer } from 'node:net';

export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close((err) => {
        if (err) reject(err);
        else if (port === undefined) reject(new Error(`could not determine a free port on ${host}`));
        else resolve(port);
      });
    });
  });
}
