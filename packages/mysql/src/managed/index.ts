// The embedded default MySQL server of LocalScale (see the package README): find a mysqld/mariadbd, give it
// a private datadir, run it on a free loopback port, own and stop it, and clean up after killed runs.
export { findMysqlBinary, parseVersionOutput, type FindMysqlBinaryOptions, type MysqlBinary, type MysqlFlavor } from './binary.js';
export { MysqlNotInstalledError, MysqlStartError } from './errors.js';
export { reapOrphans } from './orphans.js';
export { startManagedMysql, type ManagedMysql, type ManagedMysqlOptions } from './server.js';
