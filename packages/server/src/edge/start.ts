// Starts the MySQL edge beside the API: branch passwords authenticate, connections route to the
// branch's databases, Vitess statements reach the branch's engine. TLS material is generated at
// start (and written to a private directory so clients and /admin/tls-certs can use it). The edge
// also serves PlanetScale's HTTP database API, on a port of its own (the password's
// http_access_host_url) and, when configured, on the edge port itself.
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEdge, generateCertificates, type Edge, type EdgeHttpOptions, type EdgeTlsOptions } from '@localscale/edge';
import { branches, databases, organizations, type BranchRecord, type DatabaseRecord } from '@localscale/mysql';
import type { Clusters } from '../deploy/runtime.js';
import type { Logger } from '../logging.js';
import type { Services } from '../services/context.js';
import { credentialFor } from './credentials.js';

export interface TlsMaterial {
  dir: string;
  caCertPath: string; caCert: string;
  clientCertPath: string; clientKeyPath: string; clientCert: string; clientKey: string;
}

export interface RunningEdge { edge: Edge; tls: TlsMaterial | null; close(): Promise<void> }

async function tlsMaterial(): Promise<{ material: TlsMaterial; server: { cert: string; key: string } }> {
  const certs = generateCertificates();
  const dir = await mkdtemp(path.join(tmpdir(), 'localscale-tls-'));
  const file = async (name: string, content: string) => { const p = path.join(dir, name); await writeFile(p, content, { mode: 0o600 }); return p; };
  return {
    server: certs.server,
    material: {
      dir, caCert: certs.ca.cert, caCertPath: await file('ca.pem', certs.ca.cert),
      clientCert: certs.client.cert, clientKey: certs.client.key,
      clientCertPath: await file('client-cert.pem', certs.client.cert), clientKeyPath: await file('client-key.pem', certs.client.key),
    },
  };
}

function httpOptions(http: Services['config']['edge']['http']): EdgeHttpOptions | undefined {
  if (http.detectMs <= 0 && http.port === null) return undefined;
  return { detectMs: http.detectMs, port: http.port };
}

/** What the edge tells the rest of LocalScale. */
export interface EdgeHooks {
  /** DDL ran directly on a branch (resolved to its records). */
  schemaChanged(database: DatabaseRecord, branch: BranchRecord): void;
}

/** The MySQL server behind the edge: its URL, and its Unix socket when it is LocalScale's own server on this machine. */
export interface EdgeUpstream { url: string; socketPath: string | null }

export async function startEdge(svc: Services, mysql: EdgeUpstream, clusters: Clusters, log: Logger, hooks: EdgeHooks): Promise<RunningEdge> {
  const url = new URL(mysql.url);
  const mode = svc.config.edge.tlsMode;
  const tls = mode === 'none' ? null : await tlsMaterial();
  const tlsOptions: EdgeTlsOptions = !tls ? { mode: 'none' }
    : mode === 'tls' ? { mode: 'tls', ...tls.server, ca: tls.material.caCert } : { mode: 'mtls', ...tls.server, ca: tls.material.caCert };
  const edge = await createEdge({
    host: svc.config.edge.host, port: svc.config.edge.port,
    upstream: {
      host: url.hostname || '127.0.0.1', port: Number(url.port || 3306), user: decodeURIComponent(url.username || 'root'), password: decodeURIComponent(url.password),
      socketPath: mysql.socketPath,
    },
    authenticate: (username) => credentialFor(svc, username),
    onSchemaChange(route) {
      void (async () => {
        const org = await organizations.findOrganization(svc.metadata, route.organization);
        const db = org && await databases.findDatabase(svc.metadata, org.id, route.database);
        const branch = db && await branches.findBranch(svc.metadata, db.id, route.branch);
        if (!db || !branch) return;
        await branches.updateBranch(svc.metadata, branch.id, { schemaLastUpdatedAt: new Date().toISOString() });
        hooks.schemaChanged(db, branch);
      })().catch((err: unknown) => log.warn('schema change bookkeeping failed', { error: String(err) }));
    },
    vitess: {
      async engineFor(route) {
        const org = await organizations.findOrganization(svc.metadata, route.organization);
        const db = org && await databases.findDatabase(svc.metadata, org.id, route.database);
        const branch = db && await branches.findBranch(svc.metadata, db.id, route.branch);
        return branch && db ? clusters.engineFor(db.id, branch.name) : null;
      },
    },
    tls: tlsOptions,
    log: log.child({ component: 'edge' }),
    http: httpOptions(svc.config.edge.http),
  });
  return {
    edge, tls: tls?.material ?? null,
    async close() {
      await edge.close();
      if (tls) await rm(tls.material.dir, { recursive: true, force: true });
    },
  };
}
