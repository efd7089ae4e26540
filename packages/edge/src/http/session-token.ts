// psdb's session, which the client sends back with every Execute: `{ signature, vitessSession }`.
// Like PlanetScale's, it carries the whole session state (vtgate's Session in protobuf JSON: target,
// transaction, vtgate variables), so requests are stateless for the server; only a transaction or
// session settings pin a server-side connection, named by the reserved id in `shardSessions`.
// The signature is an HMAC over the fields the edge reads back, with a key that lives as long as the
// edge, so a client cannot forge another session's connection or a session from an earlier run.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VitessVariables } from '../vitess/variables.js';

export interface SessionState {
  /** vtgate's SessionUUID. */
  uuid: string;
  /** The database name the session targets (`USE`); '' for the branch's default keyspace. */
  target: string;
  variables: VitessVariables;
  /** The server-side connection this session holds, when it holds one. */
  reservedId: string | null;
  inTransaction: boolean;
  /** The last statement's counters, for the client's information. */
  foundRows: bigint;
  rowCount: bigint;
  lastInsertId: bigint;
}

export type VitessSessionJson = Record<string, unknown>;
export interface PsdbSession { signature: string; vitessSession: VitessSessionJson }

type Getter = (vs: VitessSessionJson) => unknown;

const options = (vs: VitessSessionJson): Record<string, unknown> => {
  const o = vs.options;
  return o && typeof o === 'object' && !Array.isArray(o) ? o as Record<string, unknown> : {};
};

/** Where each vtgate variable lives in the Session message, and whether it is a bool there. */
const variableFields: { name: string; get: Getter; put: (vs: VitessSessionJson, v: unknown) => void; bool?: boolean }[] = [
  { name: 'ddl_strategy', get: (vs) => vs.DDLStrategy, put: (vs, v) => { vs.DDLStrategy = v; } },
  { name: 'migration_context', get: (vs) => vs.migrationContext, put: (vs, v) => { if (v) vs.migrationContext = v; } },
  { name: 'workload', get: (vs) => options(vs).workload, put: (vs, v) => { (vs.options as Record<string, unknown>).workload = v; } },
  { name: 'transaction_mode', get: (vs) => vs.transactionMode, put: (vs, v) => { vs.transactionMode = v; } },
  { name: 'query_timeout', get: (vs) => vs.queryTimeout, put: (vs, v) => { if (v !== '0') vs.queryTimeout = v; } },
  { name: 'enable_system_settings', bool: true, get: (vs) => vs.enableSystemSettings, put: (vs, v) => { if (v) vs.enableSystemSettings = true; } },
  {
    name: 'skip_query_plan_cache', bool: true, get: (vs) => options(vs).skipQueryPlanCache,
    put: (vs, v) => { if (v) (vs.options as Record<string, unknown>).skipQueryPlanCache = true; },
  },
];

const truthy = (v: string) => !['0', 'false', 'off', ''].includes(v.trim().toLowerCase());

const defaults = new VitessVariables('');

/** A variable's value as read back from a session (missing fields mean the default). */
function readVariable(vs: VitessSessionJson, f: (typeof variableFields)[number]): string {
  const v = f.get(vs);
  if (f.bool) return v === undefined ? (truthy(defaults.get(f.name)) ? '1' : '0') : v === true ? '1' : '0';
  return typeof v === 'string' ? v : v === undefined ? defaults.get(f.name) : String(v);
}

interface ShardSession { target?: { keyspace?: unknown; shard?: unknown }; transactionId?: unknown; reservedId?: unknown }

function reservedIdOf(vs: VitessSessionJson): string | null {
  const sessions = vs.shardSessions;
  if (!Array.isArray(sessions) || sessions.length === 0) return null;
  const id = (sessions[0] as ShardSession).reservedId;
  return typeof id === 'string' && /^\d{1,20}$/.test(id) ? id : null;
}

function canonical(vs: VitessSessionJson): string {
  return JSON.stringify([
    vs.SessionUUID ?? '', vs.targetString ?? '', vs.inTransaction === true, reservedIdOf(vs),
    ...variableFields.map((f) => readVariable(vs, f)),
  ]);
}

/** How many signed sessions the codec remembers (a few per client in flight; a bound, not a cache size to tune). */
const rememberedSessions = 4096;

export class SessionCodec {
  /**
   * The canonical text of sessions signed recently, and their signatures. A client sends its session
   * back unchanged with every request, and most requests leave it unchanged: those are signed and
   * checked by finding the text here instead of computing an HMAC each time. Only texts this codec
   * signed are here, so a hit is exactly as trustworthy as the HMAC it stands for.
   */
  private readonly signed = new Map<string, { bytes: Buffer; base64: string }>();

  constructor(private readonly key: Buffer = randomBytes(32)) {}

  private sign(vs: VitessSessionJson): { bytes: Buffer; base64: string } {
    const text = canonical(vs);
    let signature = this.signed.get(text);
    if (!signature) {
      const bytes = createHmac('sha256', this.key).update(text).digest();
      signature = { bytes, base64: bytes.toString('base64') };
      if (this.signed.size >= rememberedSessions) this.signed.delete(this.signed.keys().next().value!);
      this.signed.set(text, signature);
    }
    return signature;
  }

  fresh(): SessionState {
    const variables = new VitessVariables();
    return { uuid: variables.sessionUuid, target: '', variables, reservedId: null, inTransaction: false, foundRows: 0n, rowCount: 0n, lastInsertId: 0n };
  }

  /** The session to send: `shard` names where a reserved connection lives. */
  encode(state: SessionState, shard: { keyspace: string; shard: string } | null): PsdbSession {
    const vs: VitessSessionJson = { autocommit: true };
    if (state.target) vs.targetString = state.target;
    if (state.inTransaction) vs.inTransaction = true;
    vs.options = { includedFields: 'ALL', clientFoundRows: true };
    if (state.reservedId !== null) {
      vs.shardSessions = [{
        target: { keyspace: shard?.keyspace ?? '', shard: shard?.shard ?? '', tabletType: 'PRIMARY' },
        ...(state.inTransaction ? { transactionId: state.reservedId } : {}),
        reservedId: state.reservedId,
      }];
      if (!state.inTransaction) vs.inReservedConn = true;
    }
    if (state.lastInsertId !== 0n) vs.lastInsertId = state.lastInsertId.toString();
    if (state.foundRows !== 0n) vs.foundRows = state.foundRows.toString();
    vs.rowCount = state.rowCount.toString();
    for (const f of variableFields) {
      const value = state.variables.get(f.name);
      f.put(vs, f.bool ? truthy(value) : value);
    }
    vs.SessionUUID = state.uuid;
    return { signature: this.sign(vs).base64, vitessSession: vs };
  }

  /** The state of a session a client sent back; null when it is not one this edge signed. */
  decode(session: unknown): SessionState | null {
    if (!session || typeof session !== 'object' || Array.isArray(session)) return null;
    const { signature, vitessSession: vs } = session as { signature?: unknown; vitessSession?: unknown };
    if (typeof signature !== 'string' || !vs || typeof vs !== 'object' || Array.isArray(vs)) return null;
    const json = vs as VitessSessionJson;
    const presented = Buffer.from(signature, 'base64');
    const expected = this.sign(json).bytes;
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
    const uuid = typeof json.SessionUUID === 'string' ? json.SessionUUID : '';
    const variables = new VitessVariables(uuid || undefined);
    for (const f of variableFields) {
      const value = readVariable(json, f);
      if (value !== readVariable({}, f)) variables.restore(f.name, value);
    }
    return {
      uuid: variables.sessionUuid,
      target: typeof json.targetString === 'string' ? json.targetString : '',
      variables,
      reservedId: reservedIdOf(json),
      inTransaction: json.inTransaction === true,
      foundRows: 0n, rowCount: 0n, lastInsertId: 0n,
    };
  }
}
