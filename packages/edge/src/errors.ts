// Errors the edge sends to clients as ERR packets. Texts follow MySQL, or vtgate where the edge stands in
// for it, so clients that match on errno or on message substrings behave as they do in production.
export class SqlError extends Error {
  constructor(readonly errno: number, readonly sqlState: string, message: string) {
    super(message);
    this.name = 'SqlError';
  }
}

/** MySQL's ER_ACCESS_DENIED_ERROR, for unknown, deleted, expired or wrong credentials. */
export const accessDenied = (user: string, host: string, usingPassword: boolean) =>
  new SqlError(1045, '28000', `Access denied for user '${user}'@'${host}' (using password: ${usingPassword ? 'YES' : 'NO'})`);

/** MySQL's ER_BAD_DB_ERROR, for a database name at connect time that is not this branch's. */
export const unknownDatabase = (name: string) => new SqlError(1049, '42000', `Unknown database '${name}'`);

/** vtgate's answer to `USE <name>` / COM_INIT_DB for a name that is not a keyspace (VT05003, errno 1049). */
export const unknownKeyspace = (name: string) => new SqlError(1049, '42000', `VT05003: unknown database '${name}' in vschema`);

/** vtgate with --enable_direct_ddl=false, which is how PlanetScale enforces safe migrations. */
export const directDdlDisabled = () => new SqlError(1105, 'HY000', 'direct DDL is disabled');

/** vtgate's VT09005 when a statement needs a keyspace and the session has none. */
export const noDatabaseSelected = () =>
  new SqlError(1046, '3D000', 'VT09005: no database selected: use keyspace<:shard><@type> or keyspace<[range]><@type> (<> are optional)');

/** vtgate with --mysql_server_require_secure_transport. */
export const insecureTransport = () => new SqlError(1105, 'HY000', 'server does not allow insecure connections, client must use SSL/TLS');

export const badHandshake = () => new SqlError(1043, '08S01', 'Bad handshake');

export const packetTooLarge = () => new SqlError(1153, '08S01', "Got a packet bigger than 'max_allowed_packet' bytes");

/** vtgate's reply to a command byte it does not implement. */
export const unknownCommand = (command: number) => new SqlError(1047, '08S01', `command handling not implemented yet: ${command}`);

export const unsupported = (what: string) => new SqlError(1105, 'HY000', `VT12001: unsupported: ${what}`);

export const unsupportedInPreparedStatement = () =>
  new SqlError(1295, 'HY000', 'This command is not supported in the prepared statement protocol yet');

export const unknownThread = (id: string) => new SqlError(1094, 'HY000', `Unknown thread id: ${id}`);

export const databaseAccessDenied = (user: string, database: string) =>
  new SqlError(1044, '42000', `Access denied for user '${user}'@'%' to database '${database}'`);

export const privilegeRequired = (privilege: string) =>
  new SqlError(1227, '42000', `Access denied; you need (at least one of) the ${privilege} privilege(s) for this operation`);

export const invalidSystemVariable = (what: string, value: string) => new SqlError(1231, '42000', `invalid ${what}: ${value}`);

export const upstreamUnavailable = (reason: string) =>
  new SqlError(1105, 'HY000', `vttablet: rpc error: code = Unavailable desc = the branch's MySQL server is unreachable: ${reason}`);

export const internalError = (message: string) => new SqlError(1105, 'HY000', message);
