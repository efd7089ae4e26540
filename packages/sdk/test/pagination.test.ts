// Pagination follows `next_page` from the first page asked for to the one where it is null.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlanetScaleClient } from '../src/index.js';
import { startStubServer, type Recorded, type StubServer } from './support/stub-server.js';

let stub: StubServer;
beforeAll(async () => { stub = await startStubServer(); });
afterAll(async () => { await stub.close(); });
beforeEach(() => { stub.requests.length = 0; });

/** Serves `names` as PlanetScale pages them. */
function serve(names: string[]) {
  stub.handle((r: Recorded) => {
    const page = Number(r.query.get('page') ?? 1);
    const perPage = Number(r.query.get('per_page') ?? 25);
    const data = names.slice((page - 1) * perPage, page * perPage).map((name) => ({ name }));
    const last = page * perPage >= names.length;
    return { json: { type: 'list', current_page: page, per_page: perPage, next_page: last ? null : page + 1, prev_page: page > 1 ? page - 1 : null, data } };
  });
}

const client = () => createPlanetScaleClient({ baseUrl: stub.baseUrl, retry: false });
const collect = async <T>(items: AsyncIterable<T>) => { const out: T[] = []; for await (const item of items) out.push(item); return out; };

describe('paginate', () => {
  it('walks a typed path to the last page, keeping the other query parameters', async () => {
    serve(['a1', 'a2', 'b1', 'b2', 'c1']);
    const names: string[] = [];
    for await (const db of client().paginate('/organizations/{organization}/databases', { params: { path: { organization: 'acme' }, query: { per_page: 2, q: 'x' } } })) {
      names.push(db.name);
    }
    expect(names).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
    expect(stub.requests.map((r) => r.url)).toEqual([1, 2, 3].map((p) => `/v1/organizations/acme/databases?per_page=2&q=x&page=${p}`));
  });

  it('starts from the page asked for and works without params', async () => {
    serve(['o1', 'o2', 'o3']);
    expect((await collect(client().paginate('/organizations', { params: { query: { page: 2, per_page: 1 } } }))).map((o) => o.name)).toEqual(['o2', 'o3']);
    stub.requests.length = 0;
    expect(await collect(client().paginate('/organizations'))).toHaveLength(3);
    expect(stub.requests).toHaveLength(1);
  });

  it('stops fetching when the loop stops', async () => {
    serve(['a', 'b', 'c', 'd']);
    for await (const db of client().paginate('/organizations/{organization}/databases', { params: { path: { organization: 'acme' }, query: { per_page: 1 } } })) {
      if (db.name === 'b') break;
    }
    expect(stub.requests).toHaveLength(2);
  });

  it('pages through a resource method', async () => {
    serve(['r1', 'r2', 'r3']);
    const c = client();
    const all = await collect(c.paginate((page) => c.databases.list('acme', { page, per_page: 2, q: 'r' })));
    expect(all.map((d) => d.name)).toEqual(['r1', 'r2', 'r3']);
    expect(stub.requests.map((r) => r.query.get('q'))).toEqual(['r', 'r']);
  });

  it('ends on a next_page that does not move forward', async () => {
    stub.script({ json: { current_page: 1, next_page: 1, data: [{ name: 'loop' }] } });
    expect(await collect(client().paginate('/organizations'))).toEqual([{ name: 'loop' }]);
    expect(stub.requests).toHaveLength(1);
  });

  it('throws the PlanetScaleError of a failing page', async () => {
    stub.script({ json: { current_page: 1, next_page: 2, data: [{ name: 'first' }] } }, { status: 403, json: { code: 'forbidden', message: 'no' } });
    await expect(collect(client().paginate('/organizations'))).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
