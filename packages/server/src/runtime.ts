// Starts a whole LocalScale: its MySQL (a private server it launches, or --mysql-url), the metadata
// schema, the configured organizations, and the HTTP API. `stop()` undoes all of it, in reverse.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPool, databases, migrateMetadata, systemClock, type BranchRecord, type Clock, type DatabaseRecord, startManagedMysql, type ManagedMysql, type Pool } from '@localscale/mysql';
import type { LocalScaleConfig } from './config/types.js';
import { createLogger, type Logger } from './logging.js';
import type { Services } from './services/context.js';
import type { BranchSnapshots } from './services/branches.js';
import type { Clusters, DeployRuntime } from './deploy/runtime.js';
import { httpApiPort } from './edge/addresses.js';
import type { RunningEdge, TlsMaterial } from './edge/start.js';
import type { ClusterOptions } from './deploy/clusters.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';
import type { RetryPolicy } from './webhooks/policy.js';

/**
 * Everything serving needs beyond MySQL, imported when startLocalScale runs rather than when this
 * module loads: evaluating it (koa, the OpenAPI validators ajv compiles, the deploy engine, the edge)
 * takes a few hundred ms, which then overlaps mysqld's own startup instead of preceding it.
 */
async function loadServing() {
  const [app, clientErrors, handlers, databasesService, branches, reset, deployEngine, clusters, targets, store, deployService, edge,
    deployEvents, dispatcher, policy, authorize, tokens, resolve] = await Promise.all([
    import('./app.js'), import('./http/client-errors.js'), import('./handlers/index.js'), import('./services/databases.js'),
    import('./services/branches.js'), import('./services/reset.js'), import('@localscale/deploy-engine'), import('./deploy/clusters.js'),
    import('./deploy/targets.js'), import('./deploy/store.js'), import('./deploy/service.js'), import('./edge/start.js'),
    import('./deploy/events.js'), import('./webhooks/dispatcher.js'), import('./webhooks/policy.js'), import('./http/authorize.js'),
    import('./services/service-tokens.js'), import('./services/resolve.js'),
  ]);
  return {
    createApp: app.createApp, answerClientErrors: clientErrors.answerClientErrors, buildHandlers: handlers.buildHandlers,
    seedConfiguredOrganizations: databasesService.seedConfiguredOrganizations, BranchSnapshots: branches.BranchSnapshots,
    resetState: reset.resetState, DeployProcessor: deployEngine.DeployProcessor, embeddedClusters: clusters.embeddedClusters,
    deployTargets: targets.deployTargets, metadataDeployStore: store.metadataDeployStore, branchChanged: deployService.branchChanged,
    startEdge: edge.startEdge, deployAnnouncer: deployEvents.deployAnnouncer, WebhookDispatcher: dispatcher.WebhookDispatcher,
    defaultRetryPolicy: policy.defaultRetryPolicy, authorizer: authorize.authorizer, tokenDirectory: tokens.tokenDirectory,
    productionBranch: resolve.productionBranch,
  };
}

/** A failure to start that the CLI reports as one line, without a stack. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) { super(message, options); this.name = 'StartupError'; }
}

export const redactUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export interface StartOptions {
  /** Tuning of the embedded Vitess engines (tests use short ticks). */
  clusters?: ClusterOptions;
  /** Check every response against the spec (tests). */
  validateResponses?: boolean;
  log?: Logger;
  /** Where time comes from (default: the machine's clock). */
  clock?: Clock;
  /** Webhook delivery tuning (tests shorten the retries). */
  webhooks?: { policy?: Partial<RetryPolicy>; pollMs?: number };
}

export interface LocalScale {
  /** The API root, e.g. http://127.0.0.1:8080/v1 */
  readonly apiUrl: string;
  /** The server root, e.g. http://127.0.0.1:8080 (/health, /admin). */
  readonly url: string;
  readonly port: number;
  readonly mysql: { readonly url: string; readonly managed: ManagedMysql | null };
  readonly config: LocalScaleConfig;
  readonly services: Services;
  readonly snapshots: BranchSnapshots;
  readonly deploy: DeployRuntime;
  readonly webhooks: WebhookDispatcher;
  /** The MySQL edge: where branch passwords connect (and @planetscale/database, through its HTTP API). */
  readonly edge: {
    readonly host: string; readonly port: number; readonly tls: TlsMaterial | null;
    readonly http: { readonly onEdgePort: boolean; readonly port: number | null } | null;
  };
  stop(): Promise<void>;
}

async function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  return server.address() as AddressInfo;
}

const hostForUrl = (host: string) => (host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

export async function startLocalScale(config: LocalScaleConfig, options: StartOptions = {}): Promise<LocalScale> {
  const log = options.log ?? createLogger(config.logLevel);
  // Where startup time goes, at debug level: milliseconds since this process started.
  const phase = (name: string) => log.debug('startup', { phase: name, at_ms: Math.round(performance.now()) });
  phase('begin');
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => log.warn('shutdown step failed', { error: String(err) }));
    }
  };
  let loading: ReturnType<typeof loadServing> | undefined;
  const load = () => {
    if (!loading) { loading = loadServing(); phase('loading modules'); }
    return loading;
  };
  try {
    let managed: ManagedMysql | null = null;
    let mysqlUrl = config.mysqlUrl;
    if (!mysqlUrl) {
      // Loading starts once mysqld (or the datadir's initialisation) is running: earlier, its CPU
      // work would only delay spawning the server.
      managed = await startManagedMysql({
        dataDir: config.dataDir ?? undefined, log: (m) => log.debug(m, { component: 'mysql' }),
        // A failed import is reported where it is awaited, below.
        onWaiting: () => { void load().catch(() => undefined); },
      });
      const m = managed;
      cleanups.push(() => m.stop());
      mysqlUrl = managed.url;
      m.exited.then((code) => { if (cleanups.length) log.error('the private MySQL server exited unexpectedly', { code }); }, () => undefined);
      phase('mysql ready');
    }
    // An external server: nothing to overlap with but the migration's round trips.
    void load().catch(() => undefined);
    const admin: Pool = createPool(mysqlUrl, { connectionLimit: 10 });
    cleanups.push(() => admin.end());
    try {
      await migrateMetadata(admin, config.metadataSchema);
    } catch (err) {
      throw new StartupError(`cannot prepare the metadata schema on ${redactUrl(mysqlUrl)}: ${(err as Error).message}`, { cause: err });
    }
    phase('metadata migrated');
    const {
      createApp, answerClientErrors, buildHandlers, seedConfiguredOrganizations, BranchSnapshots, resetState, DeployProcessor,
      embeddedClusters, deployTargets, metadataDeployStore, branchChanged, startEdge, deployAnnouncer, WebhookDispatcher,
      defaultRetryPolicy, authorizer, tokenDirectory, productionBranch,
    } = await load();
    const clock = options.clock ?? systemClock;
    phase('modules loaded');
    const metadata: Pool = createPool(mysqlUrl, { database: config.metadataSchema, connectionLimit: 20 });
    cleanups.push(() => metadata.end());
    const locks: Pool = createPool(mysqlUrl, { database: config.metadataSchema, connectionLimit: 10 });
    cleanups.push(() => locks.end());
    // mysql2 pools emit 'error' only for idle connections dying; log instead of crashing.
    for (const pool of [admin, metadata, locks]) pool.pool.on('error', (err: Error) => log.warn('mysql pool error', { error: err.message }));

    // The edge starts after the services it needs; these close over it.
    const started: { edge?: RunningEdge; clusters?: Clusters; url?: string; dispatcher?: WebhookDispatcher; deploy?: DeployRuntime } = {};
    const services: Services = {
      config, log, admin, metadata, clock,
      origin: () => (config.publicUrl ?? started.url ?? `http://${hostForUrl(config.listen.host)}:${config.listen.port}`).replace(/\/+$/, ''),
      deliveriesQueued: () => { started.dispatcher?.wake(); },
      edgeAddress: (hostname) => `${config.edge.advertiseHost ?? hostname}:${started.edge?.edge.port ?? config.edge.port}`,
      httpAddress: (hostname) => {
        const port = started.edge ? httpApiPort(started.edge.edge) : null;
        return port === null ? null : `${config.edge.advertiseHost ?? hostname}:${port}`;
      },
      disconnectUser: (username) => { started.edge?.edge.disconnect(username); },
      releaseBranch: async (databaseId, branch) => { await started.clusters?.release(databaseId, branch); },
    };
    await seedConfiguredOrganizations(services, config.organizations);
    const snapshots = new BranchSnapshots(services);
    cleanups.push(() => snapshots.stop());
    await snapshots.resumePending((id) => databases.findDatabaseById(metadata, id));

    phase('seeded and snapshots resumed');
    // Webhook deliveries: what is left in the outbox from before a restart goes out first.
    const dispatcher = new WebhookDispatcher({
      pool: metadata, clock, log: log.child({ component: 'webhooks' }), policy: { ...defaultRetryPolicy, ...options.webhooks?.policy },
      pollMs: options.webhooks?.pollMs,
    });
    started.dispatcher = dispatcher;
    cleanups.push(() => dispatcher.stop());
    dispatcher.start();

    const clusters = embeddedClusters(services, options.clusters);
    started.clusters = clusters;
    cleanups.push(() => clusters.close());
    const announce = deployAnnouncer(services, () => started.deploy!);
    const processor = new DeployProcessor({
      store: metadataDeployStore(metadata, locks, { announce, svc: services }), targets: deployTargets(services, clusters),
      intervalMs: config.processorIntervalMs, revertWindowMs: config.revertWindowMs, now: () => clock.now(), log: log.child({ component: 'deploy' }),
    });
    const deploy: DeployRuntime = { processor, clusters, announce };
    started.deploy = deploy;
    cleanups.push(() => processor.stop());
    processor.start();
    // A branch's schema changed (compat endpoint, VSchema edit, or DDL through the edge): open deploy
    // requests from or into it diff again.
    const schemaChanged = (database: DatabaseRecord, branch: BranchRecord) => { void branchChanged(services, deploy, database, branch); };
    // The private server's Unix socket carries the edge's sessions (as vttablet talks to its mysqld):
    // the kernel spends less per packet on it than on loopback TCP.
    const edge = await startEdge(services, { url: mysqlUrl, socketPath: managed?.socketPath ?? null }, clusters, log, { schemaChanged });
    started.edge = edge;
    phase('edge listening');
    cleanups.push(() => edge.close());

    const app = createApp({
      handlers: buildHandlers({
        svc: services, snapshots, deploy,
        hooks: { schemaChanged },
        admin: {
          tls: () => edge.tls,
          reset: () => resetState(services, { snapshots, deploy }),
          submitOnline: async (database, keyspace, statements, strategy, context) => {
            const engine = await clusters.engineFor(database.id, database.defaultBranch);
            const uuids: string[] = [];
            for (const sql of statements) uuids.push(...await engine.submit({ keyspace, sql, ddlStrategy: strategy, migrationContext: context }));
            return uuids;
          },
        },
      }),
      auth: config.auth, log, maxBodyBytes: config.maxBodyBytes,
      // Strict mode: tokens made through the API, and every operation's declared access enforced.
      ...(config.auth.mode === 'strict'
        ? { tokens: tokenDirectory(services), authorize: authorizer({ productionBranch: (o, d, b) => productionBranch(services, o, d, b) }) }
        : {}),
      validateResponses: options.validateResponses,
    });
    const server = createServer(app.callback());
    server.keepAliveTimeout = 5_000;
    answerClientErrors(server);
    const address = await listen(server, config.listen.host, config.listen.port);
    cleanups.push(() => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }));
    phase('http listening');
    const url = `http://${hostForUrl(config.listen.host)}:${address.port}`;
    started.url = url;
    log.info('LocalScale is listening', { url });
    const edgeAddress = { host: edge.edge.host, port: edge.edge.port, tls: edge.tls, http: edge.edge.http };
    return { apiUrl: `${url}/v1`, url, port: address.port, mysql: { url: mysqlUrl, managed }, edge: edgeAddress, config, services, snapshots, deploy, webhooks: dispatcher, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
