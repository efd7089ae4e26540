// Vitess's SQL surface through the edge, answered by a fake MigrationEngine: session variables, online DDL
// submission, SHOW VITESS_MIGRATIONS with vtgate's column set, ALTER/REVERT VITESS_MIGRATION, topology.
import { schemaMigrationColumns } from '@localscale/vitess';
import type { FieldPacket, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { BranchRoute, Edge } from '../src/index.js';
import { FakeEngine, migrationRow } from './support/fake-engine.js';
import { connect, createFixture, failure, startEdge, type Fixture } from './support/fixture.js';

let fx: Fixture;
let edge: Edge;
let engine: FakeEngine;
let noEngine: BranchRoute;

beforeAll(async () => {
  fx = await createFixture(inject('mysqlUrl'));
  noEngine = { ...fx.dev, branch: 'no-engine' };
  edge = await startEdge(inject('mysqlUrl'), fx, {
    vitess: {
      engineFor: async (route) => {
        if (route.branch === 'broken') throw new Error('engine store unavailable');
        return route.branch === 'no-engine' ? null : engine;
      },
    },
  });
  fx.addCredential('admin', 'pw-admin', fx.dev, 'admin');
  fx.addCredential('reader', 'pw-reader', fx.dev, 'reader');
  fx.addCredential('prod', 'pw-prod', fx.main, 'admin');
  fx.addCredential('plain', 'pw-plain', noEngine, 'admin');
  fx.addCredential('broken', 'pw-broken', { ...fx.dev, branch: 'broken' }, 'admin');
});
beforeEach(() => { engine = new FakeEngine(); });
afterAll(async () => {
  await edge?.close();
  await fx?.drop();
});

type Conn = Awaited<ReturnType<typeof connect>>;
const rows = async (c: Conn, sql: string) => (await c.query<RowDataPacket[]>(sql))[0];
const okResult = async (c: Conn, sql: string) => (await c.query<ResultSetHeader>(sql))[0];

describe('session variables', () => {
  it('keeps @@ddl_strategy and @@migration_context per session and validates them', async () => {
    const c = await connect(edge, 'admin', 'pw-admin', 'shop');
    expect(await rows(c, 'SELECT @@ddl_strategy')).toEqual([{ '@@ddl_strategy': 'direct' }]);
    await c.query("SET @@ddl_strategy = 'vitess --postpone-completion --singleton-context'");
    await c.query("SET @@session.migration_context = 'release-42'");
    expect(await rows(c, 'SELECT @@ddl_strategy AS s, @@migration_context AS ctx')).toEqual([
      { s: 'vitess --postpone-completion --singleton-context', ctx: 'release-42' },
    ]);
    const bad = await failure(c.query("SET @@ddl_strategy = 'gh-ost'"));
    expect([bad.errno, bad.sqlState, bad.message]).toEqual([1231, '42000', 'invalid DDL strategy: gh-ost']);
    expect((await failure(c.query("SET @@ddl_strategy = 'vitess --foo'"))).message).toBe('invalid DDL strategy: vitess --foo');
    expect((await failure(c.query("SET @@migration_context = 'a b'"))).message).toBe('invalid migration_context: a b');
    const [{ uuid }] = (await rows(c, 'SELECT @@session_uuid AS uuid')) as [{ uuid: string }];
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    // A SET mixing Vitess and MySQL variables goes to MySQL without the Vitess part.
    await c.query("SET @@ddl_strategy = 'online', autocommit = 1");
    expect(await rows(c, 'SELECT @@ddl_strategy AS s, @@autocommit AS a')).toEqual([{ s: 'online', a: 1 }]);
    expect(await rows(c, 'SELECT @@ddl_strategy, 1 AS one')).toEqual([{ '@@ddl_strategy': 'online', one: 1 }]);
    await c.end();
    const other = await connect(edge, 'admin', 'pw-admin', 'shop');
    expect(await rows(other, 'SELECT @@ddl_strategy AS s')).toEqual([{ s: 'direct' }]);
    await other.end();
  });

  it('answers several Vitess statements in one multi-statement query', async () => {
    const c = await connect(edge, 'admin', 'pw-admin', 'shop', { multipleStatements: true });
    await c.query("SET @@ddl_strategy = 'vitess'; SET @@migration_context = 'ctx-1'");
    expect(await rows(c, 'SELECT @@migration_context AS ctx')).toEqual([{ ctx: 'ctx-1' }]);
    const mixed = await failure(c.query("SET @@ddl_strategy = 'online'; SELECT 1"));
    expect(mixed.errno).toBe(1105);
    await c.end();
  });
});

describe('online DDL', () => {
  it('submits DDL under an online strategy and returns the uuid result set', async () => {
    const c = await connect(edge, 'admin', 'pw-admin', 'shop');
    await c.query("SET @@ddl_strategy = 'vitess --postpone-completion'");
    const [result, fields] = await c.query<RowDataPacket[]>('ALTER TABLE items ADD COLUMN price INT');
    expect((fields as FieldPacket[]).map((f) => f.name)).toEqual(['uuid']);
    expect(result).toEqual([{ uuid: '0a1b2c3d_4e5f_11ee_8000_000000000001' }]);
    const [{ uuid: sessionUuid }] = (await rows(c, 'SELECT @@session_uuid AS uuid')) as [{ uuid: string }];
    expect(engine.calls[0]).toEqual({ method: 'submit', args: [{ keyspace: 'shop', sql: 'ALTER TABLE items ADD COLUMN price INT', ddlStrategy: 'vitess --postpone-completion', migrationContext: `vtgate:${sessionUuid}` }] });
    // The table itself is untouched: the engine owns the change.
    const [cols] = await fx.admin.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?', [fx.dev.keyspaces[0]!.databases[0], 'items', 'price']);
    expect(cols).toEqual([{ n: 0 }]);
    await c.query("SET @@ddl_strategy = 'direct'");
    await c.query('CREATE TABLE direct_one (id INT)');
    expect(engine.calls).toHaveLength(1);
    await c.end();
  });

  it('allows online DDL on a safe-migrations branch while direct DDL stays refused', async () => {
    const c = await connect(edge, 'prod', 'pw-prod', 'shop');
    expect((await failure(c.query('ALTER TABLE items ADD COLUMN z INT'))).message).toBe('direct DDL is disabled');
    await c.query("SET @@ddl_strategy = 'vitess'");
    const result = await rows(c, 'ALTER TABLE items ADD COLUMN z INT');
    expect(result).toHaveLength(1);
    await c.end();
  });

  it('reports the engine\'s errors with its errno and text', async () => {
    const c = await connect(edge, 'admin', 'pw-admin', 'shop');
    await c.query("SET @@ddl_strategy = 'vitess --singleton-context'");
    const err = await failure(c.query('CREATE TABLE forbidden (id INT)'));
    expect([err.errno, err.message]).toEqual([1105, 'singleton-context migration rejected: found pending migration: x in different context: y']);
    await c.end();
  });

  it('needs a keyspace, and a branch with an engine', async () => {
    const c = await connect(edge, 'admin', 'pw-admin');
    await c.query("SET @@ddl_strategy = 'vitess'");
    const err = await failure(c.query('ALTER TABLE shop.items ADD COLUMN q INT'));
    expect([err.errno, err.sqlState]).toEqual([1046, '3D000']);
    expect(err.message).toMatch(/^VT09005: no database selected/);
    await c.end();
    const p = await connect(edge, 'plain', 'pw-plain', 'shop');
    await p.query("SET @@ddl_strategy = 'vitess'");
    expect((await failure(p.query('ALTER TABLE items ADD COLUMN q INT'))).message).toBe('online DDL is disabled');
    expect(await rows(p, 'SHOW VITESS_MIGRATIONS')).toEqual([]);
    await p.end();
    const b = await connect(edge, 'broken', 'pw-broken', 'shop');
    expect((await failure(b.query('SHOW VITESS_MIGRATIONS'))).message).toBe('engine store unavailable');
    expect(await rows(b, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await b.end();
  });
});

describe('SHOW VITESS_MIGRATIONS', () => {
  it('returns the v22 column set, typed as _vt.schema_migrations', async () => {
    engine.rows.push(migrationRow({ migration_uuid: 'u1', keyspace: 'shop', migration_context: 'dr-1', progress: 42.5 }));
    const c = await connect(edge, 'reader', 'pw-reader', 'shop');
    const [result, fields] = await c.query<RowDataPacket[]>('SHOW VITESS_MIGRATIONS');
    const f = fields as FieldPacket[];
    expect(f.map((x) => x.name)).toEqual([...schemaMigrationColumns]);
    const byName = Object.fromEntries(f.map((x) => [x.name, x]));
    expect(byName.id!.columnType).toBe(8);
    expect(byName.migration_uuid!.columnType).toBe(253);
    expect(byName.completed_timestamp!.columnType).toBe(7);
    expect(byName.completed_timestamp!.decimals).toBe(6);
    expect(byName.progress!.columnType).toBe(4);
    expect(byName.message!.columnType).toBe(252);
    expect(result[0]).toMatchObject({ id: 1, migration_uuid: 'u1', keyspace: 'shop', migration_context: 'dr-1', progress: 42.5, eta_seconds: -1, completed_timestamp: null });
    await c.end();
  });

  it('filters with LIKE through the engine and with WHERE in the edge', async () => {
    engine.rows.push(
      migrationRow({ id: 1, migration_uuid: 'u1', keyspace: 'shop', migration_context: 'dr-1', migration_status: 'running', ready_to_complete: 1 }),
      migrationRow({ id: 2, migration_uuid: 'u2', keyspace: 'shop', migration_context: 'dr-2', migration_status: 'queued' }),
      migrationRow({ id: 3, migration_uuid: 'u3', keyspace: 'shop', migration_context: 'dr-2', migration_status: 'complete' }),
    );
    const c = await connect(edge, 'admin', 'pw-admin', 'shop');
    expect((await rows(c, "SHOW VITESS_MIGRATIONS LIKE 'dr-2'")).map((r) => r.migration_uuid)).toEqual(['u2', 'u3']);
    expect(engine.calls.at(-1)).toEqual({ method: 'showMigrations', args: [{ keyspace: 'shop', like: 'dr-2' }] });
    expect((await rows(c, "SHOW VITESS_MIGRATIONS WHERE migration_status IN ('queued', 'RUNNING') AND NOT ready_to_complete")).map((r) => r.migration_uuid)).toEqual(['u2']);
    expect((await rows(c, 'show vitess_migrations from shop where id >= 2 and completed_timestamp is null')).map((r) => r.migration_uuid)).toEqual(['u2', 'u3']);
    const unknown = await failure(c.query('SHOW VITESS_MIGRATIONS WHERE nope = 1'));
    expect([unknown.errno, unknown.message]).toEqual([1054, "Unknown column 'nope' in 'where clause'"]);
    await c.end();
  });
});

describe('ALTER and REVERT VITESS_MIGRATION', () => {
  it('passes control commands to the engine and reports its affected rows', async () => {
    engine = new FakeEngine(['-80', '80-']);
    engine.rows.push(migrationRow({ migration_uuid: 'u1', keyspace: 'shop', shard: '-80' }), migrationRow({ migration_uuid: 'u1', keyspace: 'shop', shard: '80-' }));
    const c = await connect(edge, 'admin', 'pw-admin', 'shop');
    expect((await okResult(c, "ALTER VITESS_MIGRATION 'u1' COMPLETE")).affectedRows).toBe(2);
    expect((await okResult(c, 'alter vitess_migration cancel all')).affectedRows).toBe(2);
    expect((await okResult(c, "ALTER VITESS_MIGRATION 'u1' LAUNCH VITESS_SHARDS '-80'")).affectedRows).toBe(1);
    expect((await okResult(c, "ALTER VITESS_MIGRATION 'u1' THROTTLE EXPIRE '1h' RATIO 0.5")).affectedRows).toBe(0);
    expect((await okResult(c, 'ALTER VITESS_MIGRATION UNTHROTTLE ALL')).affectedRows).toBe(0);
    expect(engine.calls.map((x) => [x.method, ...x.args])).toEqual([
      ['complete', 'shop', { uuid: 'u1' }],
      ['cancel', 'shop', { all: true }],
      ['launch', 'shop', { uuid: 'u1' }, ['-80']],
      ['throttle', 'shop', { uuid: 'u1' }, { ratio: 0.5, expireMs: 3_600_000 }],
      ['unthrottle', 'shop', { all: true }],
    ]);
    const notFound = await failure(c.query("ALTER VITESS_MIGRATION 'nope' CANCEL"));
    expect([notFound.errno, notFound.message]).toEqual([1105, 'migration not found']);
    const ratio = await failure(c.query("ALTER VITESS_MIGRATION 'u1' THROTTLE RATIO 2"));
    expect(ratio.message).toBe("invalid RATIO value: 2. Try any decimal number between '0.0' (no throttle) and `1.0` (fully throttled)");
    const expire = await failure(c.query("ALTER VITESS_MIGRATION 'u1' THROTTLE EXPIRE 'soon'"));
    expect(expire.message).toBe("invalid EXPIRE value: soon. Try '120s', '30m', '1h', etc. Allowed units are (s)ec, (m)in, (h)hour");
    expect((await failure(c.query('ALTER VITESS_MIGRATION RETRY ALL'))).errno).toBe(1064);
    await c.end();
  });

  it('REVERT returns the new migration in the session\'s default context', async () => {
    const c = await connect(edge, 'admin', 'pw-admin', 'shop');
    await c.query("SET @@ddl_strategy = 'vitess --postpone-completion'");
    await c.query("SET @@migration_context = 'ignored-by-revert'");
    const [{ uuid: sessionUuid }] = (await rows(c, 'SELECT @@session_uuid AS uuid')) as [{ uuid: string }];
    expect(await rows(c, "REVERT VITESS_MIGRATION 'u9'")).toEqual([{ uuid: '0a1b2c3d_4e5f_11ee_8000_000000000001' }]);
    expect(engine.calls[0]).toEqual({ method: 'revert', args: ['shop', 'u9', { ddlStrategy: 'vitess --postpone-completion', migrationContext: `vtgate:${sessionUuid}` }] });
    await c.end();
  });

  it('needs the admin role', async () => {
    const c = await connect(edge, 'reader', 'pw-reader', 'shop');
    const err = await failure(c.query("ALTER VITESS_MIGRATION 'u1' COMPLETE"));
    expect(err.errno).toBe(1105);
    expect(err.message).toContain("AlterMigration command denied to user 'reader', in groups [planetscale-reader]");
    expect((await failure(c.query("REVERT VITESS_MIGRATION 'u1'"))).message).toContain('RevertMigration command denied');
    await c.end();
  });

  it('cannot be prepared', async () => {
    const c = await connect(edge, 'admin', 'pw-admin', 'shop');
    const err = await failure(c.prepare('SHOW VITESS_MIGRATIONS'));
    expect(err.errno).toBe(1295);
    await c.end();
  });
});

describe('topology', () => {
  it('lists keyspaces and shards as vtgate does', async () => {
    const c = await connect(edge, 'reader', 'pw-reader', 'shop');
    expect(await rows(c, 'SHOW VITESS_KEYSPACES')).toEqual([{ Database: 'shop' }]);
    expect(await rows(c, 'SHOW KEYSPACES')).toEqual([{ Database: 'shop' }]);
    expect(await rows(c, 'SHOW VITESS_SHARDS')).toEqual([{ Shards: 'shop/-' }]);
    expect(await rows(c, "SHOW VITESS_SHARDS LIKE 'nope/%'")).toEqual([]);
    await c.end();
  });
});
