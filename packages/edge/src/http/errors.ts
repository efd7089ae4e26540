// The two kinds of failure the HTTP API reports.
//
// A statement that fails is a successful RPC: HTTP 200 with `error: { code, message }`, where `code` is
// Vitess's vtrpc code name and `message` is what vtgate says. MySQL's own errors come back the way
// vttablet wraps them ("target: ks.-.primary: vttablet: rpc error: code = AlreadyExists desc =
// Duplicate entry ... (errno 1062) (sqlstate 23000) (CallerID: u): Sql: ..."), so MySQL's message,
// errno and SQL state are all in the text, as on PlanetScale; the driver turns it into DatabaseError.
//
// A request that cannot be served (no or bad credentials, a malformed body, an unknown procedure) is a
// failed RPC: Connect's error envelope `{ code, message }` with the matching HTTP status. It also
// carries `error: { code, message }`, the member @planetscale/database reads from a non-2xx body to
// raise DatabaseError(message, status) rather than an opaque UnknownError.
import type { SqlError } from '../errors.js';

/** vtrpc.Code names, as protobuf JSON spells the enum. */
export type VtrpcCode =
  | 'CANCELED' | 'UNKNOWN' | 'INVALID_ARGUMENT' | 'DEADLINE_EXCEEDED' | 'NOT_FOUND' | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED' | 'RESOURCE_EXHAUSTED' | 'FAILED_PRECONDITION' | 'ABORTED' | 'OUT_OF_RANGE' | 'UNIMPLEMENTED'
  | 'INTERNAL' | 'UNAVAILABLE' | 'DATA_LOSS' | 'UNAUTHENTICATED';

export interface RpcError { code: VtrpcCode; message: string }

/** gRPC's spelling of each code, as it appears in "rpc error: code = X desc = ...". */
const grpcNames: Record<VtrpcCode, string> = {
  CANCELED: 'Canceled', UNKNOWN: 'Unknown', INVALID_ARGUMENT: 'InvalidArgument', DEADLINE_EXCEEDED: 'DeadlineExceeded',
  NOT_FOUND: 'NotFound', ALREADY_EXISTS: 'AlreadyExists', PERMISSION_DENIED: 'PermissionDenied',
  RESOURCE_EXHAUSTED: 'ResourceExhausted', FAILED_PRECONDITION: 'FailedPrecondition', ABORTED: 'Aborted',
  OUT_OF_RANGE: 'OutOfRange', UNIMPLEMENTED: 'Unimplemented', INTERNAL: 'Internal', UNAVAILABLE: 'Unavailable',
  DATA_LOSS: 'DataLoss', UNAUTHENTICATED: 'Unauthenticated',
};

const codeByGrpcName = new Map(Object.entries(grpcNames).map(([code, name]) => [name, code as VtrpcCode]));

const errnoGroups: [VtrpcCode, number[]][] = [
  ['UNIMPLEMENTED', [1235]],
  ['RESOURCE_EXHAUSTED', [1021, 1037, 1038, 1040, 1041, 1114, 1129, 1135, 1153, 1203, 1206, 1226]],
  ['DEADLINE_EXCEEDED', [1205, 3024]],
  ['UNAVAILABLE', [2006, 2013, 1053, 1077, 2002, 2003]],
  ['NOT_FOUND', [1029, 1032, 1054, 1094, 1109, 1122, 1141, 1146, 1147, 1176, 1305, 1360, 1391, 1449]],
  ['PERMISSION_DENIED', [1044, 1045, 1095, 1142, 1143, 1211, 1227, 1370]],
  ['ALREADY_EXISTS', [1007, 1022, 1050, 1062, 1086, 1125, 1304, 1359, 1568, 1586]],
  ['ABORTED', [1152, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161, 1213, 1317, 10001]],
  ['FAILED_PRECONDITION', [1046, 1082, 1091, 1099, 1100, 1104, 1165, 1169, 1173, 1179, 1192, 1207, 1215, 1216, 1217, 1223, 1241, 1242, 1288, 1290, 1364, 1451, 1452, 1792, 3572]],
  ['INVALID_ARGUMENT', [
    1008, 1047, 1048, 1049, 1051, 1052, 1055, 1056, 1057, 1058, 1059, 1060, 1061, 1063, 1064, 1065, 1066, 1067, 1068, 1069,
    1070, 1071, 1072, 1073, 1074, 1075, 1083, 1084, 1085, 1089, 1090, 1093, 1096, 1101, 1102, 1103, 1106, 1107, 1108,
    1110, 1111, 1113, 1115, 1116, 1117, 1118, 1120, 1121, 1138, 1139, 1140, 1144, 1149, 1166, 1171, 1172, 1193, 1210,
    1221, 1222, 1228, 1229, 1230, 1231, 1232, 1233, 1234, 1236, 1239, 1248, 1250, 1253, 1264, 1265, 1266, 1267, 1270,
    1271, 1273, 1280, 1281, 1283, 1292, 1293, 1294, 1298, 1300, 1366, 1367, 1406, 1416, 1525, 3140, 3141, 3143, 3146,
  ]],
];

const codeByErrno = new Map<number, VtrpcCode>(errnoGroups.flatMap(([code, errnos]) => errnos.map((n) => [n, code] as const)));

/** The vtrpc code Vitess gives a MySQL error number (tabletserver's convertErrorCode). */
export const codeForErrno = (errno: number): VtrpcCode => codeByErrno.get(errno) ?? 'UNKNOWN';

/** An error the edge raised itself (vtgate's text): its code is the one inside the text, else the errno's. */
export function edgeError(error: SqlError): RpcError {
  const inner = /rpc error: code = (\w+) desc = /.exec(error.message);
  return { code: (inner && codeByGrpcName.get(inner[1]!)) || codeForErrno(error.errno), message: error.message };
}

export interface TabletContext { keyspace: string; shard: string; username: string; sql: string }

const maxSqlInErrors = 1024;

function quoteSql(sql: string): string {
  const text = sql.length > maxSqlInErrors ? `${sql.slice(0, maxSqlInErrors)} [TRUNCATED]` : sql;
  return JSON.stringify(text);
}

/** A MySQL error as vttablet reports it through vtgate. */
export function tabletError(code: VtrpcCode, desc: string, ctx: TabletContext): RpcError {
  return {
    code,
    message: `target: ${ctx.keyspace}.${ctx.shard}.primary: vttablet: rpc error: code = ${grpcNames[code]} desc = ${desc} `
      + `(CallerID: ${ctx.username}): Sql: ${quoteSql(ctx.sql)}, BindVars: {}`,
  };
}

export function mysqlError(errno: number, sqlState: string, message: string, ctx: TabletContext): RpcError {
  return tabletError(codeForErrno(errno), `${message} (errno ${errno}) (sqlstate ${sqlState})`, ctx);
}

/** Connect's codes for failed RPCs and the HTTP status each maps to. */
export const connectStatus = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  unimplemented: 404,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ConnectCode = keyof typeof connectStatus;

export class RequestError extends Error {
  constructor(readonly code: ConnectCode, message: string, readonly status: number = connectStatus[code]) {
    super(message);
    this.name = 'RequestError';
  }
}

export function requestErrorBody(error: RequestError): { code: string; message: string; error: { code: string; message: string } } {
  return { code: error.code, message: error.message, error: { code: error.code.toUpperCase(), message: error.message } };
}
