// One LocalScale run as a child process over a MySQL server of the test's choosing (the run's shared
// server by default), with everything a fault test needs: restarts on the same metadata, the
// physical names of the main branch, an admin pool for checks, and the deploy-request steps through
// the SDK. Every name is unique to the test, so fault tests can run side by side.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createPool, physicalShards, quoteIdentifier, sidecarDatabaseName, type Pool, type Row } from '@localscale/mysql';
import { uniqueTag } from '@localscale/mysql/testing';
import { createPlanetScaleClient, type DeploymentState, type DeployRequest, type PlanetScaleClient } from '@localscale/sdk';
import type { RawConfig } from '@localscale/server';
import { dropTestDatabases } from './cleanup.js';
import { spawnLocalScale, type ChildLocalScale } from './cli.js';
import { call, defaultAuth, describeAnswer, type Answer, type CallInit } from './http.js';
import { leftovers, type Leftovers } from './leftovers.js';

export const org = 'acme';
export const db = 'shop';
export const keyspace = 'app';

export interface ClusterOptions {
  /** MySQL to run on; default the run's shared server. */
  mysqlUrl?: string;
  revertWindow?: string;
  /** Shards of the keyspace `app` (1: unsharded). */
  shards?: number;
  config?: RawConfig;
}

const [tokenId, token] = defaultAuth.authorization.split(':') as [string, string];

export class Cluster {
  private current: ChildLocalScale | undefined;
  /** Every process this cluster started, in order (restarts included). */
  readonly processes: ChildLocalScale[] = [];
  readonly admin: Pool;
  readonly metadataSchema: string;
  /** The physical databases of the main branch's keyspace `app`, one per shard. */
  readonly shardDatabases: string[];
  /** The first of them, where the client writes. */
  readonly mainDatabase: string;
  /** The main branch's Vitess sidecar database (named after the branch's id, known once LocalScale has started). */
  sidecar = '';

  private constructor(readonly tag: string, readonly mysqlUrl: string, shards: number, private readonly dir: string, private readonly configFile: string) {
    this.admin = createPool(mysqlUrl, { connectionLimit: 4 });
    this.admin.pool.on('error', () => undefined);
    this.metadataSchema = `ls_${tag}`;
    this.shardDatabases = physicalShards(tag, org, db, 'main', { name: keyspace, shards }).map((s) => s.database);
    this.mainDatabase = this.shardDatabases[0]!;
  }

  static async create(options: ClusterOptions = {}): Promise<Cluster> {
    const tag = uniqueTag();
    const dir = await mkdtemp(path.join(tmpdir(), 'ls-reliability-'));
    const configFile = path.join(dir, 'localscale.json');
    const config: RawConfig = {
      log_level: 'warn', processor_tick_interval: '100ms', revert_window_duration: options.revertWindow ?? '10m',
      metadata_schema: `ls_${tag}`, database_prefix: tag,
      organizations: { [org]: { databases: { [db]: { keyspaces: [{ name: keyspace, shards: options.shards ?? 1 }] } } } },
      ...options.config,
    };
    await writeFile(configFile, JSON.stringify(config, null, 2));
    const cluster = new Cluster(tag, options.mysqlUrl ?? inject('mysqlUrl'), options.shards ?? 1, dir, configFile);
    await cluster.start();
    const [[main]] = await cluster.admin.query<Row[]>(
      `SELECT b.id FROM ${quoteIdentifier(cluster.metadataSchema)}.branches b JOIN ${quoteIdentifier(cluster.metadataSchema)}.\`databases\` d ON d.id = b.database_id WHERE d.name = ? AND b.name = 'main'`, [db]);
    cluster.sidecar = sidecarDatabaseName(tag, org, db, 'main', String(main!.id));
    return cluster;
  }

  get process(): ChildLocalScale {
    if (!this.current) throw new Error('LocalScale is not running');
    return this.current;
  }

  get client(): PlanetScaleClient {
    return createPlanetScaleClient({ baseUrl: this.process.apiUrl, serviceTokenId: tokenId, serviceToken: token, retry: { retries: 0 } });
  }

  async start(): Promise<ChildLocalScale> {
    this.current = await spawnLocalScale({ configFile: this.configFile, mysqlUrl: this.mysqlUrl });
    this.processes.push(this.current);
    return this.current;
  }

  /** SIGKILL, then a fresh process on the same metadata and databases. */
  async killAndRestart(between?: () => Promise<void>): Promise<ChildLocalScale> {
    await this.process.kill();
    await between?.();
    return this.start();
  }

  call(p: string, init?: CallInit): Promise<Answer> {
    return call(this.process.url, p, init);
  }

  async ok(p: string, init?: CallInit): Promise<any> {
    const res = await this.call(p, init);
    if (res.status < 200 || res.status >= 300) throw new Error(`${init?.method ?? 'GET'} ${p}: ${describeAnswer(res)}`);
    return res.body;
  }

  async seed(statements: string[]): Promise<void> {
    await this.ok('/admin/seed-ddl', { method: 'POST', json: { org, database: db, keyspace, statements } });
  }

  /** A branch of main whose schema differs by `ddl`. */
  async branchWith(name: string, ddl: string[]): Promise<void> {
    await this.client.branches.create(org, db, { name });
    await this.client.waitForBranchReady(org, db, name, { timeoutMs: 60_000, intervalMs: 100 });
    await this.ok(`/v1/organizations/${org}/databases/${db}/branches/${name}/schema`, { method: 'POST', json: { ddl: { [keyspace]: ddl } } });
  }

  async openRequest(branch: string, autoCutover: boolean): Promise<DeployRequest> {
    const dr = await this.client.deployRequests.create(org, db, { branch, into_branch: 'main', auto_cutover: autoCutover });
    return this.waitFor(dr.number, ['ready', 'no_changes', 'error']);
  }

  waitFor(number: number, until: DeploymentState[] | ((dr: DeployRequest) => boolean), timeoutMs = 120_000): Promise<DeployRequest> {
    return this.client.waitForDeployRequest(org, db, number, { until, timeoutMs, intervalMs: 100 });
  }

  /** The stored deployment state, read from the metadata directly (works while the API is blocked). */
  async storedState(number: number): Promise<string | undefined> {
    const [rows] = await this.admin.query<Row[]>(`SELECT deployment_state AS s FROM ${quoteIdentifier(this.metadataSchema)}.deploy_requests WHERE number = ?`, [number]);
    return rows[0]?.s;
  }

  async migrationRows(): Promise<Row[]> {
    const [rows] = await this.admin.query<Row[]>(`SELECT * FROM ${quoteIdentifier(this.sidecar)}.schema_migrations ORDER BY id`);
    return rows;
  }

  /** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
  async until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 50): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n--- LocalScale output ---\n${this.output().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** Triggers, engine tables, named locks and metadata locks on the main branch's databases. */
  async leftovers(): Promise<Leftovers> {
    const [ids] = await this.admin.query<Row[]>(`SELECT id FROM ${quoteIdentifier(this.metadataSchema)}.\`databases\``);
    return leftovers(this.admin, {
      databases: [...this.shardDatabases, this.sidecar],
      lockNames: [`localscale_migrate_${this.metadataSchema}`, ...ids.map((r) => `ls_deploy_${r.id}`)],
    });
  }

  output(): string {
    return this.processes.map((p, i) => `--- process ${i + 1} (pid ${p.pid}) ---\n${p.output()}`).join('\n');
  }

  async destroy(): Promise<void> {
    await this.current?.stop();
    await dropTestDatabases(this.admin, this.tag, this.metadataSchema);
    await this.admin.end();
    await rm(this.dir, { recursive: true, force: true });
  }
}
