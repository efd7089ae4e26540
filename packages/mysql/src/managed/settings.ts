// Server settings for a developer machine: small memory footprint, enough connections for test suites
// with connection pools, utf8mb4 everywhere. Passed both when initialising (so InnoDB files are created
// at their final size) and when starting.
import { totalmem } from 'node:os';
import type { MysqlBinary } from './binary.js';

const MB = 1024 * 1024;

/**
 * The InnoDB buffer pool: LOCALSCALE_MYSQL_BUFFER_POOL (`512M`, `2G`, or bytes) when set, else 1/16 of
 * the machine's memory between 128 MB and 1 GB. A fixed 64 MB pool made any table past a few hundred
 * thousand rows (and every online ALTER of one, which holds two copies) read from disk; the pool is
 * allocated as pages are used, so an idle dev server does not pay for the larger size.
 */
export function bufferPoolSize(env: NodeJS.ProcessEnv = process.env, memory = totalmem()): string {
  const configured = env.LOCALSCALE_MYSQL_BUFFER_POOL?.trim();
  if (configured) {
    if (!/^\d+[KMG]?$/i.test(configured)) throw new Error(`LOCALSCALE_MYSQL_BUFFER_POOL must be a size like 512M or 2G, not '${configured}'`);
    return configured.toUpperCase();
  }
  const derived = Math.min(1024 * MB, Math.max(128 * MB, memory / 16));
  return `${Math.floor(derived / MB)}M`;
}

export function devServerSettings(binary: MysqlBinary): string[] {
  const common = [
    `--innodb-buffer-pool-size=${bufferPoolSize()}`,
    '--max-connections=500',
    '--character-set-server=utf8mb4',
    // Commit durability against OS crashes is not worth an fsync per transaction on a dev server;
    // a mysqld crash still loses nothing.
    '--innodb-flush-log-at-trx-commit=2',
  ];
  if (binary.flavor === 'mariadb') {
    return [
      ...common,
      // No --collation-server: MariaDB picks its own default for utf8mb4 (utf8mb4_general_ci on 10.x,
      // uca1400 on 11.x), which is what applications written against it expect.
      // The 96M default redo log would make every temporary datadir ~115 MB instead of ~35 MB.
      '--innodb-log-file-size=16M',
    ];
  }
  return [
    ...common,
    '--collation-server=utf8mb4_0900_ai_ci',
    // Packaged MySQL builds default this to /var/lib/mysql-files and refuse to start when that directory
    // does not exist (common outside the distro's own service setup).
    '--secure-file-priv=NULL',
  ];
}

/** --user is mandatory for mysqld when running as root, and only allowed then. */
export function runAsRootArgs(): string[] {
  return isRoot() ? ['--user=root'] : [];
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

