import { describe, expect, it } from 'vitest';
import { declaredOperations, operationFor } from '../src/operations.js';
import { probeOrganization, probeRequest } from '../src/probe.js';

describe('operationFor', () => {
  it('finds the operation of a request by method and concrete path', () => {
    expect(operationFor('GET', '/v1/organizations/acme/databases/shop')?.operationId).toBe('get_database');
    expect(operationFor('DELETE', '/v1/organizations/acme/databases/shop')?.operationId).toBe('delete_database');
    expect(operationFor('post', '/v1/organizations/acme/databases/shop/deploy-requests/1/deploy')?.operationId).toBe('queue_deploy_request');
  });

  it('tells apart operations that share a path by method', () => {
    expect(operationFor('GET', '/v1/organizations/a/databases/b/branches/c/schema')?.operationId).toBe('get_branch_schema');
    expect(operationFor('POST', '/v1/organizations/a/databases/b/branches/c/schema')?.operationId).toBe('localscale_apply_branch_schema');
  });

  it('prefers literal segments and ignores the query string', () => {
    expect(operationFor('GET', '/v1/organizations/a/databases/b/branches/c/schema/lint?page=2')?.operationId).toBe('lint_branch_schema');
    expect(operationFor('GET', '/health')?.operationId).toBe('localscale_health');
  });

  it('answers undefined for a request that is no declared operation', () => {
    expect(operationFor('GET', '/v1/organizations/a/databases/b/branches/c/routing-rules')).toBeUndefined();
    expect(operationFor('PUT', '/v1/organizations/a')).toBeUndefined();
  });
});

describe('probeRequest', () => {
  it('addresses every operation to an organization that does not exist, with a body where one is declared', () => {
    for (const op of declaredOperations) {
      const { path, body } = probeRequest(op);
      if (op.path.includes('{organization}')) expect(path).toContain(`/organizations/${probeOrganization}`);
      expect(path).not.toMatch(/[{}]/);
      if (body !== undefined) expect(() => JSON.parse(body)).not.toThrow();
    }
  });

  it('fills required body fields with values their schemas accept', () => {
    const create = declaredOperations.find((o) => o.operationId === 'create_database')!;
    expect(JSON.parse(probeRequest(create).body!)).toEqual({ name: 'probe', cluster_size: 'probe' });
    const close = declaredOperations.find((o) => o.operationId === 'close_deploy_request')!;
    expect(probeRequest(close)).toEqual({ path: `/v1/organizations/${probeOrganization}/databases/probe/deploy-requests/1`, body: '{"state":"closed"}' });
  });
});
