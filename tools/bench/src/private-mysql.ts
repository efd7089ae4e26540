// A private MySQL server and pool for one benchmark, stopped afterwards whatever happens.
import { createPool, startManagedMysql, type Pool } from '@localscale/mysql';

export async function withPrivateMysql<T>(work: (pool: Pool) => Promise<T>): Promise<T> {
  const server = await startManagedMysql();
  const pool = createPool(server.url, { connectionLimit: 8 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
    await server.stop();
  }
}
