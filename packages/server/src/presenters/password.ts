import type { BranchRecord, PasswordRecord } from '@localscale/mysql';
import { presentNullableActor } from './actor.js';
import { presentRegion } from './region.js';
import type { Schema } from './schemas.js';

/** Where a password's clients connect: the MySQL edge, and the HTTP database API (null when off). */
export interface PasswordHosts { mysql: string; http: string | null }

export function presentPassword(p: PasswordRecord, branch: BranchRecord, hosts: PasswordHosts, plainText: string | null = null): Schema<'Password'> {
  const edgeAddress = hosts.mysql;
  return {
    id: p.id, name: p.name, role: p.role, cidrs: p.cidrs, created_at: p.createdAt, deleted_at: null, expires_at: p.expiresAt,
    last_used_at: p.lastUsedAt, expired: p.expiresAt !== null && Date.parse(p.expiresAt) <= Date.now(), direct_vtgate: false,
    direct_vtgate_addresses: [], ttl_seconds: p.ttlSeconds, access_host_url: edgeAddress, access_host_regional_url: edgeAddress,
    access_host_regional_urls: [edgeAddress], http_access_host_url: hosts.http,
    actor: presentNullableActor(p.actorId), region: presentRegion(branch.region),
    username: p.username, plain_text: plainText, replica: p.replica, renewable: p.ttlSeconds !== null,
    database_branch: { name: branch.name, id: branch.id, production: branch.production, mysql_edge_address: edgeAddress, private_edge_connectivity: false },
  };
}
