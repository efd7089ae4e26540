// Codegen: merging the two documents, the route table, the spec rules, and freshness of what is
// committed (the same check CI runs).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadDocuments, mergedDocument, operationsOf, type OpenApiDocument } from '../src/documents.js';
import { accessProblems, operationIdProblems, validateWithRedocly } from '../src/lint.js';
import { operationAccesses } from '../src/access.js';
import { koaPath } from '../src/render.js';

const doc = (paths: OpenApiDocument['paths'], components = {}): OpenApiDocument => ({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths, components });
const op = (operationId: string, extra: Record<string, unknown> = {}) => ({ operationId, responses: {}, ...extra });

describe('merging', () => {
  it('prefixes PlanetScale paths with /v1 and lets LocalScale add methods to them', () => {
    const merged = mergedDocument({
      planetscale: doc({ '/a/{x}': { get: op('get_a') } }),
      localscale: doc({ '/v1/a/{x}': { post: op('post_a', { 'x-localscale': true }) }, '/health': { get: op('health') } }),
    });
    expect(Object.keys(merged.paths)).toEqual(['/v1/a/{x}', '/health']);
    expect(Object.keys(merged.paths['/v1/a/{x}']!)).toEqual(['get', 'post']);
  });

  it('refuses the same method declared twice, and clashing components', () => {
    expect(() => mergedDocument({ planetscale: doc({ '/a': { get: op('a') } }), localscale: doc({ '/v1/a': { get: op('b') } }) })).toThrow(/GET \/v1\/a is declared in both/);
    expect(() => mergedDocument({ planetscale: doc({}, { schemas: { X: {} } }), localscale: doc({}, { schemas: { X: {} } }) })).toThrow(/components.schemas.X/);
  });

  it('re-points refs into planetscale.yaml', () => {
    const merged = mergedDocument({
      planetscale: doc({}, { schemas: { Error: { type: 'object' } } }),
      localscale: doc({ '/h': { get: op('h', { responses: { default: { $ref: './planetscale.yaml#/components/schemas/Error' } } }) } }),
    });
    expect(JSON.stringify(merged.paths)).toContain('"#/components/schemas/Error"');
  });
});

describe('route table', () => {
  it('turns OpenAPI templates into router params', () => {
    expect(koaPath('/v1/organizations/{organization}/databases/{database}')).toBe('/v1/organizations/:organization/databases/:database');
  });
});

describe('spec rules', () => {
  it('finds duplicate, missing and badly named operationIds and unmarked extensions', () => {
    const problems = operationIdProblems({
      planetscale: doc({ '/a': { get: op('same'), post: op('') }, '/b': { get: op('BadName') } }),
      localscale: doc({ '/c': { get: op('same', { 'x-localscale': true }) }, '/d': { get: op('unmarked') } }),
    }).map((p) => p.message);
    expect(problems).toEqual([
      'POST /v1/a has no operationId',
      'GET /v1/b: operationId BadName is not snake_case',
      'operationId same is used by GET /v1/a and GET /c',
      'GET /d must be marked x-localscale: true',
    ]);
  });

  it('the real spec passes Redocly and the operationId rules', async () => {
    expect(await validateWithRedocly()).toEqual([]);
    expect(operationIdProblems(await loadDocuments())).toEqual([]);
  });

  it('declares every operation the foundation issue lists', async () => {
    const docs = await loadDocuments();
    const ids = new Set([...operationsOf(docs.planetscale, 'planetscale'), ...operationsOf(docs.localscale, 'localscale')].map((o) => o.operationId));
    for (const id of ['list_organizations', 'get_organization', 'list_databases', 'get_database', 'create_database', 'delete_database',
      'list_branches', 'get_branch', 'create_branch', 'delete_branch', 'get_branch_schema', 'lint_branch_schema', 'list_keyspaces',
      'get_keyspace', 'get_keyspace_vschema', 'update_keyspace_vschema', 'enable_safe_migrations', 'disable_safe_migrations',
      'promote_branch', 'demote_branch', 'list_passwords', 'create_password', 'get_password', 'delete_password', 'renew_password',
      'list_deploy_requests', 'create_deploy_request', 'get_deploy_request', 'close_deploy_request', 'queue_deploy_request',
      'complete_gated_deploy_request', 'cancel_deploy_request', 'complete_errored_deploy', 'complete_revert', 'skip_revert_period',
      'update_auto_apply', 'update_auto_delete_branch', 'get_deployment', 'list_deploy_operations', 'list_deploy_request_reviews',
      'review_deploy_request', 'get_deploy_request_throttler', 'update_deploy_request_throttler', 'get_deploy_request_diff',
      'get_deploy_queue', 'localscale_health', 'admin_seed_ddl', 'admin_seed_vschema', 'admin_vtgate_exec', 'admin_metadata_query',
      'admin_branch_db_query', 'admin_reset_state', 'admin_tls_certs', 'localscale_apply_branch_schema',
      'localscale_refresh_branch_schema', 'localscale_throttle_deploy_request']) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('access table', () => {
  const catalog = {
    read_branch: { level: 'database', description: 'Read branches' },
    connect_branch: { level: 'database', description: 'Connect' },
    connect_production_branch: { level: 'database', description: 'Connect to production' },
    read_databases: { level: 'organization', description: 'Read databases', implies: ['read_branch'] },
  };
  const withCatalog = (paths: OpenApiDocument['paths']) => ({ ...doc(paths), 'x-planetscale-accesses': catalog });
  const access = (x: unknown) => ({ 'x-planetscale-access': x });

  it('fails an operation without a row, with an unknown access, or with an access of the wrong level', () => {
    const problems = accessProblems({
      planetscale: withCatalog({
        '/a': { get: op('no_row'), post: op('unknown', access({ resource: 'database', accesses: ['read_everything'] })) },
        '/b': { get: op('wrong_level', access({ resource: 'organization', accesses: ['read_branch'] })) },
        '/c': { get: op('empty_database', access({ resource: 'database', accesses: [] })) },
        '/d': { get: op('production_not_listed', access({ resource: 'branch', accesses: ['connect_branch'], on_production_branch: ['connect_production_branch'] })) },
      }),
      localscale: doc({ '/e': { get: op('admin', { 'x-localscale': true, ...access({ resource: 'localscale', typo: 1 }) }) } }),
    }).map((p) => p.message);
    expect(problems).toEqual([
      'GET /v1/a (no_row): has no x-planetscale-access (the access it needs)',
      'POST /v1/a (unknown): unknown access read_everything (not in x-planetscale-accesses)',
      'GET /v1/b (wrong_level): read_branch is a database-level access; a organization operation needs organization-level ones',
      'GET /v1/c (empty_database): a database operation must name the accesses it needs',
      'GET /v1/d (production_not_listed): on_production_branch lists connect_production_branch, which accesses does not',
      'GET /e (admin): x-planetscale-access has unknown keys typo',
    ]);
  });

  it('the real spec has a valid row for every operation of both documents', async () => {
    const docs = await loadDocuments();
    const { operations, problems } = operationAccesses(docs);
    expect(problems).toEqual([]);
    const ids = [...operationsOf(docs.planetscale, 'planetscale'), ...operationsOf(docs.localscale, 'localscale')].map((o) => o.operationId);
    expect(operations.map((o) => o.operationId).sort()).toEqual(ids.sort());
  });
});

describe('freshness', () => {
  it('the committed generated files match the spec', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', '--conditions=@localscale/source', 'src/check.ts'], { cwd: new URL('..', import.meta.url).pathname });
    expect(stdout).toMatch(/generated files fresh/);
  }, 60_000);
});
