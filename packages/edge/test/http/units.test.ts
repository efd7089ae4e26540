// The HTTP API's pure parts: Vitess type names, row encoding, error shaping, session signing, Basic
// credentials, and which statements pin a connection.
import { describe, expect, it } from 'vitest';
import { passwordVerifiers, type Credential } from '../../src/index.js';
import { SqlError, directDdlDisabled } from '../../src/errors.js';
import { parseBasicAuth, passwordMatches, VerifiedCredentials } from '../../src/http/auth.js';
import { connectionEffect } from '../../src/http/connection-state.js';
import { classify } from '../../src/http/detect.js';
import { codeForErrno, edgeError, mysqlError, requestErrorBody, RequestError } from '../../src/http/errors.js';
import { encodeLocalRow, encodeRow, localField, okResult, upstreamField, vitessType } from '../../src/http/result.js';
import { SessionCodec } from '../../src/http/session-token.js';
import { aclDenied } from '../../src/session/policy.js';

describe('Vitess type names', () => {
  // Flags as MySQL 8 sends them for the columns of database-js's golden table.
  it.each([
    [3, 32768, 'INT32'], [3, 32800, 'UINT32'], [8, 49667, 'INT64'], [8, 32800, 'UINT64'], [1, 32768, 'INT8'],
    [1, 32800, 'UINT8'], [2, 32768, 'INT16'], [9, 32800, 'UINT24'], [246, 32768, 'DECIMAL'], [4, 32768, 'FLOAT32'],
    [5, 32768, 'FLOAT64'], [16, 32, 'BIT'], [10, 128, 'DATE'], [12, 128, 'DATETIME'], [7, 128, 'TIMESTAMP'], [11, 128, 'TIME'],
    [13, 32864, 'YEAR'], [254, 0, 'CHAR'], [253, 0, 'VARCHAR'], [254, 128, 'BINARY'], [253, 128, 'VARBINARY'],
    [252, 16, 'TEXT'], [252, 144, 'BLOB'], [254, 256, 'ENUM'], [254, 2048, 'SET'], [245, 144, 'JSON'], [255, 144, 'GEOMETRY'],
  ])('type %i with flags %i is %s', (type, flags, name) => {
    expect(vitessType(type, flags)).toBe(name);
  });

  it('a MariaDB LONGTEXT whose extended format is json is JSON; NULL_TYPE has no name', () => {
    expect(vitessType(252, 16, 'json')).toBe('JSON');
    expect(vitessType(6, 0)).toBeUndefined();
  });

  it('leaves zero values out of fields, as protobuf JSON does, and names the keyspace', () => {
    const field = upstreamField({
      schema: 'ls_phys', table: 't', orgTable: 't', name: 'n', orgName: 'n', charset: 63, length: 11, type: 3, flags: 0, decimals: 0, format: null,
    }, (db) => (db === 'ls_phys' ? 'shop' : db));
    expect(field).toEqual({ name: 'n', type: 'INT32', table: 't', orgTable: 't', database: 'shop', orgName: 'n', columnLength: 11, charset: 63 });
    expect(upstreamField({
      schema: '', table: '', orgTable: '', name: '', orgName: '', charset: 63, length: 0, type: 6, flags: 32896, decimals: 0, format: null,
    }, (db) => db)).toEqual({ name: '', charset: 63, flags: 32896 });
    expect(localField({ name: 'uuid', type: 0xfd, length: 256, collation: 45 })).toEqual({ name: 'uuid', type: 'VARCHAR', columnLength: 256, charset: 45 });
  });
});

describe('rows', () => {
  it('are lengths (-1 for NULL) and the base64 of the cells concatenated', () => {
    expect(encodeRow({ lengths: [1, -1, 3, 0], values: Buffer.from('1abc') })).toEqual({ lengths: ['1', '-1', '3', '0'], values: 'MWFiYw==' });
    expect(encodeRow({ lengths: [-1], values: Buffer.alloc(0) })).toEqual({ lengths: ['-1'] });
    expect(encodeLocalRow(['ü', 42, null, 1.5])).toEqual({ lengths: ['2', '2', '-1', '3'], values: Buffer.from('ü421.5').toString('base64') });
  });

  it('OK results carry non-zero counters as strings', () => {
    expect(okResult(0n, 0n)).toEqual({});
    expect(okResult(2n, 18446744073709551615n)).toEqual({ rowsAffected: '2', insertId: '18446744073709551615' });
  });
});

describe('errors', () => {
  it('maps MySQL error numbers to vtrpc codes as vttablet does', () => {
    expect(codeForErrno(1062)).toBe('ALREADY_EXISTS');
    expect(codeForErrno(1064)).toBe('INVALID_ARGUMENT');
    expect(codeForErrno(1146)).toBe('NOT_FOUND');
    expect(codeForErrno(1213)).toBe('ABORTED');
    expect(codeForErrno(1205)).toBe('DEADLINE_EXCEEDED');
    expect(codeForErrno(9999)).toBe('UNKNOWN');
  });

  it('wraps MySQL errors the way vttablet reports them through vtgate', () => {
    const e = mysqlError(1062, '23000', "Duplicate entry '1' for key 'PRIMARY'", { keyspace: 'shop', shard: '-', username: 'u1', sql: 'insert into t values (1)' });
    expect(e).toEqual({
      code: 'ALREADY_EXISTS',
      message: "target: shop.-.primary: vttablet: rpc error: code = AlreadyExists desc = Duplicate entry '1' for key 'PRIMARY' (errno 1062) (sqlstate 23000) (CallerID: u1): Sql: \"insert into t values (1)\", BindVars: {}",
    });
  });

  it("takes an edge error's code from its text, else from its errno", () => {
    expect(edgeError(aclDenied('Insert', 'u', 'reader', 't', { keyspace: 'shop', shard: '-' })).code).toBe('PERMISSION_DENIED');
    expect(edgeError(directDdlDisabled())).toEqual({ code: 'UNKNOWN', message: 'direct DDL is disabled' });
    expect(edgeError(new SqlError(1049, '42000', "VT05003: unknown database 'x' in vschema")).code).toBe('INVALID_ARGUMENT');
  });

  it('failed requests carry Connect\'s envelope and the member the driver reads', () => {
    const e = new RequestError('unauthenticated', 'nope');
    expect(e.status).toBe(401);
    expect(requestErrorBody(e)).toEqual({ code: 'unauthenticated', message: 'nope', error: { code: 'UNAUTHENTICATED', message: 'nope' } });
  });
});

describe('sessions', () => {
  it('round-trip their state, vtgate variables included', () => {
    const codec = new SessionCodec();
    const state = codec.fresh();
    state.target = 'shop';
    state.reservedId = '123456';
    state.inTransaction = true;
    state.variables.prepare('ddl_strategy', { text: 'vitess --postpone-completion', isDefault: false })();
    state.variables.prepare('migration_context', { text: 'ctx-1', isDefault: false })();
    const wire = JSON.parse(JSON.stringify(codec.encode(state, { keyspace: 'shop', shard: '-' })));
    expect(wire.vitessSession).toMatchObject({
      targetString: 'shop', inTransaction: true, DDLStrategy: 'vitess --postpone-completion', migrationContext: 'ctx-1',
      SessionUUID: state.uuid, shardSessions: [{ target: { keyspace: 'shop', shard: '-', tabletType: 'PRIMARY' }, transactionId: '123456', reservedId: '123456' }],
    });
    const back = codec.decode(wire)!;
    expect(back).toMatchObject({ uuid: state.uuid, target: 'shop', reservedId: '123456', inTransaction: true });
    expect(back.variables.ddlStrategy).toBe('vitess --postpone-completion');
    expect(back.variables.migrationContext).toBe('ctx-1');
  });

  it('refuse a tampered session, one signed by another edge, and junk', () => {
    const codec = new SessionCodec();
    const wire = JSON.parse(JSON.stringify(codec.encode(codec.fresh(), null)));
    wire.vitessSession.shardSessions = [{ reservedId: '42' }];
    expect(codec.decode(wire)).toBeNull();
    expect(new SessionCodec().decode(JSON.parse(JSON.stringify(codec.encode(codec.fresh(), null))))).toBeNull();
    for (const junk of [42, 'x', [], { signature: 1 }, { signature: 'AA==', vitessSession: null }]) expect(codec.decode(junk)).toBeNull();
  });

  it('check a session sent back unchanged as they check any other, remembered signatures included', () => {
    const codec = new SessionCodec();
    const state = codec.fresh();
    const wire = JSON.parse(JSON.stringify(codec.encode(state, null)));
    expect(codec.decode(wire)?.uuid).toBe(state.uuid);
    expect(codec.decode(JSON.parse(JSON.stringify(wire)))?.uuid).toBe(state.uuid);
    // Another session's remembered signature does not vouch for this one.
    const other = JSON.parse(JSON.stringify(codec.encode(codec.fresh(), null)));
    expect(codec.decode({ signature: other.signature, vitessSession: wire.vitessSession })).toBeNull();
    expect(codec.decode({ ...wire, vitessSession: { ...wire.vitessSession, targetString: 'elsewhere' } })).toBeNull();
  });
});

describe('Basic credentials', () => {
  const credential: Credential = {
    username: 'u1', verifiers: passwordVerifiers('s3cret:with:colons'), role: 'admin', expiresAt: null,
    branch: { organization: 'o', database: 'd', branch: 'b', production: false, safeMigrations: false, keyspaces: [] },
  };

  it('parse user:password and check the password against the stored digests', () => {
    const header = `Basic ${Buffer.from('u1:s3cret:with:colons').toString('base64')}`;
    expect(parseBasicAuth(header)).toEqual({ username: 'u1', password: 's3cret:with:colons' });
    for (const bad of [undefined, '', 'Bearer x', 'Basic', `Basic ${Buffer.from('nocolon').toString('base64')}`]) expect(parseBasicAuth(bad)).toBeNull();
    expect(passwordMatches(credential, 's3cret:with:colons')).toBe(true);
    expect(passwordMatches(credential, 's3cret')).toBe(false);
    expect(passwordMatches({ ...credential, verifiers: [] }, '')).toBe(false);
  });

  it('remember a verified password briefly, for that password only', () => {
    const cache = new VerifiedCredentials(1000);
    cache.remember(credential, 'pw', 0);
    expect(cache.get('u1', 'pw', 500)).toBe(credential);
    expect(cache.get('u1', 'other', 500)).toBeNull();
    expect(cache.get('u1', 'pw', 1000)).toBeNull();
    cache.remember(credential, 'pw', 0);
    cache.forget('u1');
    expect(cache.get('u1', 'pw', 1)).toBeNull();
  });

  it("recognise a connection's verified header while its entry is current, and nothing else", () => {
    const cache = new VerifiedCredentials(1000);
    const conn = {}, other = {};
    const header = `Basic ${Buffer.from('u1:pw').toString('base64')}`;
    cache.remember(credential, 'pw', 0);
    cache.rememberConnection(conn, header, 'u1');
    expect(cache.forConnection(conn, header, 500)).toBe(credential);
    expect(cache.forConnection(conn, `Basic ${Buffer.from('u1:px').toString('base64')}`, 500)).toBeNull();
    expect(cache.forConnection(other, header, 500)).toBeNull();
    expect(cache.forConnection(conn, header, 1000)).toBeNull();
    cache.remember(credential, 'pw', 0);
    expect(cache.forConnection(conn, header, 1)).toBeNull(); // a newer entry: verified again first
    cache.rememberConnection(conn, header, 'u1');
    cache.forget('u1');
    expect(cache.forConnection(conn, header, 1)).toBeNull();
  });
});

describe('statements that pin a connection', () => {
  it.each([
    ['SET @x = 1', 'settings'], ['set names utf8mb4', 'settings'], ['SET SESSION sql_mode = ""', 'settings'],
    ['SET TRANSACTION ISOLATION LEVEL READ COMMITTED', 'next-transaction'], ['PREPARE s FROM "select 1"', 'settings'],
    ['LOCK TABLES t READ', 'settings'], ['CREATE TEMPORARY TABLE t (id int)', 'settings'], ['CREATE TABLE t (id int)', 'none'],
    ['SELECT GET_LOCK("a", 1)', 'settings'], ['SELECT @n := 1', 'settings'], ['SELECT id INTO @v FROM t', 'settings'],
    ['SELECT 1', 'none'], ['INSERT INTO t VALUES (1)', 'none'], ['/* c */ SET @x = 1', 'settings'],
  ])('%s: %s', (sql, effect) => {
    expect(connectionEffect(sql)).toBe(effect);
  });
});

describe('protocol detection', () => {
  it('tells HTTP, TLS and MySQL apart from the first bytes', () => {
    expect(classify(Buffer.from('POST /psdb.v1alpha1.Database/Execute HTTP/1.1\r\n'))).toBe('http');
    expect(classify(Buffer.from('GET / HTTP/1.1'))).toBe('http');
    expect(classify(Buffer.from('PO'))).toBe('unsure');
    expect(classify(Buffer.from([0x16, 0x03, 0x01]))).toBe('tls');
    expect(classify(Buffer.from([0x20, 0x00, 0x00, 0x01]))).toBe('mysql');
    expect(classify(Buffer.from('POSTMAN'))).toBe('mysql');
    expect(classify(Buffer.alloc(0))).toBe('unsure');
  });
});
