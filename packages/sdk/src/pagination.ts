// Page-numbered lists (`page`/`per_page`, `next_page: null` on the last page) as async iterables.
import type { MaybeOptionalInit } from 'openapi-fetch';
import type { PlanetScaleApi } from './api.js';
import type { paths } from './generated/planetscale.js';
import { unwrap } from './unwrap.js';

interface Page<T> {
  data: T[];
  next_page?: number | null;
}

type JsonOk<Op> = Op extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** The GET paths that answer a page of items. */
export type PaginatedPath = {
  [P in keyof paths]: paths[P] extends { get: infer Op } ? (JsonOk<Op> extends Page<unknown> ? P : never) : never;
}[keyof paths];

/** The item type of a paginated path, e.g. Database for `/organizations/{organization}/databases`. */
export type PageItem<P extends PaginatedPath> = JsonOk<paths[P]['get']> extends Page<infer T> ? T : never;

export type PageInit<P extends PaginatedPath> = MaybeOptionalInit<paths[P], 'get'>;

/** Fetches page `page` (numbered from 1). */
export type PageFetcher<T> = (page: number) => Promise<Page<T>>;

/** Yields the items of `fetchPage(first)`, `fetchPage(next_page)`... until `next_page` is null. */
export async function* pages<T>(fetchPage: PageFetcher<T>, first = 1): AsyncGenerator<T, void, undefined> {
  for (let page: number | null | undefined = first; typeof page === 'number';) {
    const body: Page<T> = await fetchPage(page);
    yield* body.data;
    // A next page that does not move forward would loop for ever; treat it as the end.
    page = typeof body.next_page === 'number' && body.next_page > page ? body.next_page : null;
  }
}

export interface Paginate {
  /** Every item of a paginated GET, following `next_page`; `params.query.page` picks the first page. */
  <P extends PaginatedPath>(path: P, ...init: undefined extends PageInit<P> ? [init?: PageInit<P>] : [init: PageInit<P>]): AsyncGenerator<PageItem<P>, void, undefined>;
  /** Every item of the pages a function fetches, e.g. `(page) => client.databases.list(org, { page })`. */
  <T>(fetchPage: PageFetcher<T>): AsyncGenerator<T, void, undefined>;
}

interface Init {
  params?: { query?: { page?: number } & Record<string, unknown> };
}

export function createPaginate(api: PlanetScaleApi): Paginate {
  return ((target: string | PageFetcher<unknown>, init: Init = {}) => {
    if (typeof target === 'function') return pages(target);
    const fetchPage = (page: number) => {
      const params = { ...init.params, query: { ...init.params?.query, page } };
      // The overloads above type the call; openapi-fetch cannot see through a path chosen at run time.
      const get = api.GET as unknown as (path: string, init: Init) => Promise<{ data?: Page<unknown>; error?: unknown; response: Response }>;
      return unwrap(get(target, { ...init, params })) as Promise<Page<unknown>>;
    };
    return pages(fetchPage, init.params?.query?.page ?? 1);
  }) as Paginate;
}
