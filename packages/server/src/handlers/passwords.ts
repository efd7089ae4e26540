// Branch passwords: real credentials for the MySQL edge. The secret is shown once, on create.
import { passwords, type PasswordRole } from '@localscale/mysql';
import { ConflictError, UnprocessableError } from '../http/errors.js';
import type { Handlers } from '../http/operation-types.js';
import { actorIdOf } from '../presenters/actor.js';
import { enc, linksFor } from '../presenters/links.js';
import { envelope, pageFrom } from '../presenters/pagination.js';
import { presentPassword } from '../presenters/password.js';
import type { Services } from '../services/context.js';
import { resolveBranch } from '../services/resolve.js';

type PasswordOps = 'list_passwords' | 'create_password' | 'get_password' | 'update_password' | 'delete_password' | 'renew_password';

const cidrPattern = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/;
const maxTtlSeconds = 10 * 365 * 24 * 3600;

function checkCidrs(cidrs: string[] | undefined | null): string[] | null {
  if (!cidrs) return null;
  for (const c of cidrs) if (!cidrPattern.test(c)) throw new UnprocessableError(`cidrs: ${JSON.stringify(c.slice(0, 64))} is not a CIDR range`);
  return cidrs;
}

export function passwordHandlers(svc: Services): Pick<Handlers, PasswordOps> {
  const hosts = (hostname: string) => ({ mysql: svc.edgeAddress(hostname), http: svc.httpAddress(hostname) });
  return {
    list_passwords: async ({ params, query, request }) => {
      const { branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      const page = pageFrom(query);
      const { items, total } = await passwords.listPasswords(svc.metadata, branch.id, page);
      const edge = hosts(request.hostname);
      const url = `${linksFor(request, svc.config.publicUrl).api}/organizations/${enc(params.organization)}/databases/${enc(params.database)}/branches/${enc(branch.name)}/passwords`;
      return { status: 200, body: envelope(items.map((p) => presentPassword(p, branch, edge)), total, page, url) };
    },
    create_password: async ({ params, body, request }) => {
      const { branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      if (!branch.ready) throw new ConflictError(`Branch ${branch.name} is not ready yet`);
      const ttl = body?.ttl ?? 0;
      if (!Number.isInteger(ttl) || ttl < 0 || ttl > maxTtlSeconds) throw new UnprocessableError(`ttl must be a whole number of seconds between 0 and ${maxTtlSeconds}`);
      const name = body?.name ?? `password-${new Date().toISOString().slice(0, 10)}`;
      if (name.length > 255) throw new UnprocessableError('name is longer than 255 characters');
      const { record, plainText } = await passwords.insertPassword(svc.metadata, {
        branchId: branch.id, name, role: (body?.role ?? 'admin') as PasswordRole, ttlSeconds: ttl || null,
        cidrs: checkCidrs(body?.cidrs), replica: body?.replica ?? false, actorId: actorIdOf(request.principal),
      });
      return { status: 201, body: presentPassword(record, branch, hosts(request.hostname), plainText) };
    },
    get_password: async ({ params, request }) => {
      const { branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      const p = await passwords.getPassword(svc.metadata, branch.id, params.id);
      return { status: 200, body: presentPassword(p, branch, hosts(request.hostname)) };
    },
    update_password: async ({ params, body, request }) => {
      const { branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      if (body?.name !== undefined && body.name.length > 255) throw new UnprocessableError('name is longer than 255 characters');
      const p = await passwords.updatePassword(svc.metadata, branch.id, params.id, { name: body?.name, cidrs: body?.cidrs === undefined ? undefined : checkCidrs(body.cidrs) });
      return { status: 200, body: presentPassword(p, branch, hosts(request.hostname)) };
    },
    delete_password: async ({ params }) => {
      const { branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      const doomed = await passwords.getPassword(svc.metadata, branch.id, params.id);
      await passwords.deletePassword(svc.metadata, branch.id, params.id);
      svc.disconnectUser(doomed.username);
      return { status: 204, body: undefined };
    },
    renew_password: async ({ params, request }) => {
      const { branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      const current = await passwords.getPassword(svc.metadata, branch.id, params.id);
      if (current.ttlSeconds === null) throw new UnprocessableError('This password has no TTL, so it cannot be renewed');
      const p = await passwords.renewPassword(svc.metadata, branch.id, params.id);
      return { status: 200, body: presentPassword(p, branch, hosts(request.hostname)) };
    },
  };
}
