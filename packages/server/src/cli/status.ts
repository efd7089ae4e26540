// `localscale status`: an organization at a glance, as tables: its databases, their branches and their
// deploy requests. Read-only, so it works against PlanetScale as well.
import { parseArgs } from 'node:util';
import { isPlanetScaleError, type DeployRequest, type PlanetScaleClient } from '@localscale/sdk';
import { UsageError } from './flags.js';
import { connect, connectionFlags, organizationOf } from './remote.js';
import type { Output } from './render/live.js';
import { renderTable, type Cell } from './render/table.js';
import { statusUsage } from './usage.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const list: T[] = [];
  for await (const item of items) list.push(item);
  return list;
}

/** Deploy requests of one database, or why there are none to show. */
async function deployRequestsOf(client: PlanetScaleClient, org: string, db: string, all: boolean): Promise<DeployRequest[] | string> {
  try {
    return await collect(client.paginate((page) => client.deployRequests.list(org, db, { page, per_page: 100, ...(all ? {} : { state: 'open' }) })));
  } catch (err) {
    // A server without deploy requests yet (LocalScale answers 501) still has databases and branches worth showing.
    if (isPlanetScaleError(err) && err.status === 501) return 'not implemented by this server';
    throw err;
  }
}

export async function statusReport(client: PlanetScaleClient, org: string, options: { all?: boolean } = {}): Promise<string> {
  const dbs = await collect(client.paginate((page) => client.databases.list(org, { page, per_page: 100 })));
  const branchRows: Cell[][] = [];
  const drRows: Cell[][] = [];
  const drNotes: string[] = [];
  for (const db of dbs) {
    const branches = await collect(client.paginate((page) => client.branches.list(org, db.name, { page, per_page: 100 })));
    for (const b of branches) branchRows.push([db.name, b.name, b.parent_branch, b.production, b.ready, b.safe_migrations, b.state]);
    const drs = await deployRequestsOf(client, org, db.name, options.all ?? false);
    if (typeof drs === 'string') drNotes.push(`${db.name}: ${drs}`);
    else for (const dr of drs) drRows.push([db.name, dr.number, dr.branch, dr.into_branch, dr.state, dr.deployment_state, dr.approved, dr.created_at]);
  }
  const sections = [
    `Organization ${org} (${client.baseUrl})`,
    `Databases\n${dbs.length ? renderTable(['name', 'state', 'region', 'default branch', 'branches'], dbs.map((d) => [d.name, d.state, d.region?.slug, d.default_branch, d.branches_count])) : '(none)\n'}`,
    `Branches\n${branchRows.length ? renderTable(['database', 'branch', 'parent', 'production', 'ready', 'safe migrations', 'state'], branchRows) : '(none)\n'}`,
    `Deploy requests${options.all ? '' : ' (open)'}\n${drRows.length ? renderTable(['database', 'number', 'branch', 'into', 'state', 'deployment state', 'approved', 'created'], drRows) : '(none)\n'}${drNotes.map((n) => `${n}\n`).join('')}`,
  ];
  return sections.map((s) => s.trimEnd()).join('\n\n') + '\n';
}

export async function status(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...connectionFlags, all: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (values.help) { out.write(statusUsage); return 0; }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, statusUsage);
  const remote = connect(values);
  const org = await organizationOf(remote, values);
  out.write(await statusReport(remote.client, org, { all: values.all }));
  return 0;
}
