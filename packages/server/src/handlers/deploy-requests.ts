// Deploy requests: thin handlers over deploy/service.ts and the deploy engine's processor.
import { deployRequests, invalid, keyspaces, branches } from '@localscale/mysql';
import { deployOperations, type Action } from '@localscale/deploy-engine';
import type { Handlers, RequestInfo } from '../http/operation-types.js';
import { ConflictError } from '../http/errors.js';
import { actorIdOf } from '../presenters/actor.js';
import { highlightSql, presentDeployment, presentDeployRequest, presentOperation, presentQueued, presentReview } from '../presenters/deploy-request.js';
import { enc, linksFor } from '../presenters/links.js';
import { envelope, pageFrom } from '../presenters/pagination.js';
import type { Services } from '../services/context.js';
import { resolveDatabase } from '../services/resolve.js';
import { act, createDeployRequest, deployContext, deployContexts, resolveRequest, type ResolvedRequest } from '../deploy/service.js';
import type { DeployRuntime } from '../deploy/runtime.js';
import { queueVisibleStates } from '@localscale/deploy-engine';
import { parseTimeRange } from '../http/time-range.js';

type DeployOps =
  | 'list_deploy_requests' | 'create_deploy_request' | 'get_deploy_request' | 'close_deploy_request' | 'queue_deploy_request'
  | 'complete_gated_deploy_request' | 'cancel_deploy_request' | 'complete_errored_deploy' | 'complete_revert' | 'skip_revert_period'
  | 'update_auto_apply' | 'update_auto_delete_branch' | 'force_cutover_deploy_request' | 'get_deployment' | 'list_deploy_operations'
  | 'list_deploy_request_reviews' | 'review_deploy_request' | 'get_deploy_request_throttler' | 'update_deploy_request_throttler'
  | 'get_deploy_request_diff' | 'get_deploy_queue' | 'get_database_throttler' | 'update_database_throttler'
  | 'localscale_throttle_deploy_request';

interface DrPath { organization: string; database: string; number: number }

export function deployRequestHandlers(svc: Services, rt: DeployRuntime): Pick<Handlers, DeployOps> {
  const links = (request: RequestInfo) => linksFor(request, svc.config.publicUrl);
  const present = async (resolved: ResolvedRequest, request: RequestInfo) => presentDeployRequest(await deployContext(svc, rt, resolved, links(request)));
  const action = async (p: DrPath, a: Action, request: RequestInfo) =>
    ({ status: 200 as const, body: await present(await act(svc, rt, p.organization, p.database, p.number, a, request.principal), request) });

  /** Keyspaces of the request's target branch, for throttler objects. */
  const targetKeyspaces = async (databaseId: string, branch: string) => {
    const into = await branches.findBranch(svc.metadata, databaseId, branch);
    return into ? (await keyspaces.listKeyspaces(svc.metadata, into.id)).items.map((k) => k.name) : [];
  };
  const ratiosFrom = async (body: { ratio?: number; configurations?: { keyspace_name: string; ratio: number }[] }, names: string[]) => {
    if (body.ratio !== undefined && body.configurations !== undefined) throw invalid('Send either ratio or configurations, not both');
    if (body.ratio === undefined && body.configurations === undefined) throw invalid('Send ratio or configurations');
    if (body.ratio !== undefined) return Object.fromEntries(names.map((k) => [k, body.ratio!]));
    const out: Record<string, number> = {};
    for (const c of body.configurations!) {
      if (!names.includes(c.keyspace_name)) throw invalid(`Unknown keyspace ${c.keyspace_name}`);
      out[c.keyspace_name] = c.ratio;
    }
    return out;
  };
  const throttlerBody = (names: string[], ratios: Record<string, number>, owner: { id: string; name: string; createdAt: string; updatedAt: string }) => ({
    keyspaces: names,
    configurable: { id: owner.id, name: owner.name, created_at: owner.createdAt, updated_at: owner.updatedAt, deleted_at: null },
    configurations: names.map((k) => ({ keyspace_name: k, ratio: ratios[k] ?? 0 })),
  });

  return {
    list_deploy_requests: async ({ params, query, request }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      const page = pageFrom(query);
      const { items, total } = await deployRequests.listDeployRequests(svc.metadata, database.id,
        {
          state: query.state, branch: query.branch || undefined, intoBranch: query.into_branch || undefined,
          deployedAt: parseTimeRange('deployed_at', query.deployed_at), runningAt: parseTimeRange('running_at', query.running_at),
        }, page);
      const data = (await deployContexts(svc, rt, database, items, links(request))).map(presentDeployRequest);
      const url = `${links(request).api}/organizations/${enc(database.organization)}/databases/${enc(database.name)}/deploy-requests`;
      return { status: 200, body: envelope(data, total, page, url) };
    },
    create_deploy_request: async ({ params, body, request }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      const created = await createDeployRequest(svc, rt, database, {
        branch: body.branch, intoBranch: body.into_branch || database.defaultBranch, notes: body.notes ?? '',
        autoCutover: body.auto_cutover ?? false, autoDeleteBranch: body.auto_delete_branch ?? false,
      }, request.principal);
      return { status: 201, body: await present(created, request) };
    },
    get_deploy_request: async ({ params, request }) => ({ status: 200, body: await present(await resolveRequest(svc, params.organization, params.database, params.number), request) }),
    close_deploy_request: async ({ params, request }) => action(params, { type: 'close' }, request),
    queue_deploy_request: async ({ params, body, request }) => action(params, { type: 'deploy', instantDdl: body?.instant_ddl ?? false }, request),
    complete_gated_deploy_request: async ({ params, request }) => action(params, { type: 'apply_deploy' }, request),
    cancel_deploy_request: async ({ params, request }) => action(params, { type: 'cancel' }, request),
    complete_errored_deploy: async ({ params, request }) => action(params, { type: 'complete_deploy' }, request),
    complete_revert: async ({ params, request }) => action(params, { type: 'revert' }, request),
    skip_revert_period: async ({ params, request }) => action(params, { type: 'skip_revert' }, request),
    force_cutover_deploy_request: async ({ params, request }) => action(params, { type: 'force_cutover' }, request),
    update_auto_apply: async ({ params, body, request }) => action(params, { type: 'set_auto_cutover', enable: body.enable }, request),
    update_auto_delete_branch: async ({ params, body, request }) => action(params, { type: 'set_auto_delete_branch', enable: body.enable }, request),

    get_deployment: async ({ params, request }) => {
      const resolved = await resolveRequest(svc, params.organization, params.database, params.number);
      return { status: 200, body: presentDeployment(await deployContext(svc, rt, resolved, links(request))) };
    },
    list_deploy_operations: async ({ params, query, request }) => {
      const resolved = await resolveRequest(svc, params.organization, params.database, params.number);
      const ctx = await deployContext(svc, rt, resolved, links(request));
      const all = deployOperations(resolved.model, ctx.rows).map((op) => presentOperation(ctx, op));
      const page = pageFrom(query);
      const url = `${links(request).api}/organizations/${enc(params.organization)}/databases/${enc(params.database)}/deploy-requests/${params.number}/operations`;
      return { status: 200, body: envelope(all.slice((page.page - 1) * page.perPage, page.page * page.perPage), all.length, page, url) };
    },
    get_deploy_request_diff: async ({ params }) => {
      const { model } = await resolveRequest(svc, params.organization, params.database, params.number);
      const data = (model.plan?.keyspaces ?? []).flatMap((k) => [
        ...k.changes.map((c) => ({ name: c.table || k.keyspace, raw: `${c.sql};`, html: highlightSql(`${c.sql};`) })),
        ...(k.vschema ? [{ name: `${k.keyspace} (vschema)`, raw: JSON.stringify(k.vschema.after, null, 2), html: highlightSql(JSON.stringify(k.vschema.after, null, 2)) }] : []),
      ]);
      return { status: 200, body: { data } };
    },

    list_deploy_request_reviews: async ({ params, request }) => {
      const { record } = await resolveRequest(svc, params.organization, params.database, params.number);
      const { items, total } = await deployRequests.listReviews(svc.metadata, record.id);
      const url = `${links(request).api}/organizations/${enc(params.organization)}/databases/${enc(params.database)}/deploy-requests/${params.number}/reviews`;
      return { status: 200, body: envelope(items.map(presentReview), total, { page: 1, perPage: Math.max(25, total) }, url) };
    },
    review_deploy_request: async ({ params, body, request }) => {
      const { record } = await resolveRequest(svc, params.organization, params.database, params.number);
      const actorId = actorIdOf(request.principal);
      // Approving is an action (its rules, closed and own request, are the machine's); the review is
      // written once the approval is saved. A comment changes nothing but is refused on a closed request.
      if (body.state === 'approved') await rt.processor.act(record.id, { type: 'approve' }, actorId);
      else if (record.state === 'closed') throw new ConflictError(`Deploy request #${record.number} is closed`);
      const review = await deployRequests.insertReview(svc.metadata, { deployRequestId: record.id, state: body.state, body: body.body ?? '', actorId });
      return { status: 201, body: presentReview(review) };
    },

    get_deploy_request_throttler: async ({ params }) => {
      const { record, model } = await resolveRequest(svc, params.organization, params.database, params.number);
      const names = await targetKeyspaces(record.databaseId, record.intoBranch);
      return { status: 200, body: throttlerBody(names, model.deployment.throttle, { id: record.id, name: `#${record.number}`, createdAt: record.createdAt, updatedAt: record.updatedAt }) };
    },
    update_deploy_request_throttler: async ({ params, body, request }) => {
      const { record } = await resolveRequest(svc, params.organization, params.database, params.number);
      const names = await targetKeyspaces(record.databaseId, record.intoBranch);
      const ratios = await ratiosFrom(body, names);
      const after = await act(svc, rt, params.organization, params.database, params.number, { type: 'throttle', ratios }, request.principal);
      return { status: 200, body: throttlerBody(names, after.model.deployment.throttle, { id: record.id, name: `#${record.number}`, createdAt: record.createdAt, updatedAt: after.record.updatedAt }) };
    },
    localscale_throttle_deploy_request: async ({ params, body, request }) => {
      const { record } = await resolveRequest(svc, params.organization, params.database, params.number);
      const ratio = Math.round((body.throttle_ratio ?? 0) * 100);
      const names = await targetKeyspaces(record.databaseId, record.intoBranch);
      await act(svc, rt, params.organization, params.database, params.number, { type: 'throttle', ratios: Object.fromEntries(names.map((k) => [k, ratio])) }, request.principal);
      return { status: 200, body: { status: 'ok' } };
    },
    get_database_throttler: async ({ params }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      const names = await targetKeyspaces(database.id, database.defaultBranch);
      const ratios = await deployRequests.getDatabaseThrottler(svc.metadata, database.id) ?? {};
      return { status: 200, body: throttlerBody(names, ratios, database) };
    },
    update_database_throttler: async ({ params, body }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      const names = await targetKeyspaces(database.id, database.defaultBranch);
      const ratios = await ratiosFrom(body, names);
      await deployRequests.setDatabaseThrottler(svc.metadata, database.id, ratios);
      return { status: 200, body: throttlerBody(names, ratios, database) };
    },

    get_deploy_queue: async ({ params, query, request }) => {
      const database = await resolveDatabase(svc, params.organization, params.database);
      const queue = await deployRequests.listDeployRequestsInStates(svc.metadata, database.id, [...queueVisibleStates]);
      // Running and queue-holding deployments first, then the waiting ones in queue order.
      const ordered = [...queue.filter((q) => q.deploymentState !== 'queued'), ...queue.filter((q) => q.deploymentState === 'queued')];
      const page = pageFrom(query);
      const onPage = ordered.slice((page.page - 1) * page.perPage, page.page * page.perPage);
      const data = (await deployContexts(svc, rt, database, onPage, links(request)))
        .map((ctx, i) => presentDeployment({ ...ctx, preceding: ordered.slice(0, (page.page - 1) * page.perPage + i) }));
      const url = `${links(request).api}/organizations/${enc(database.organization)}/databases/${enc(database.name)}/deploy-queue`;
      return { status: 200, body: envelope(data, ordered.length, page, url) };
    },
  };
}

export { presentQueued };
