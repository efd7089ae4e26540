// PlanetScale's list envelope: 1-based pages, next/prev null at the ends.
import type { Page } from '@localscale/mysql';

export const maxPerPage = 100;
/** Past any data there can be; a larger page (1e309 arrives as Infinity) would not fit in an SQL OFFSET. */
const maxPage = Math.floor(Number.MAX_SAFE_INTEGER / maxPerPage);

export function pageFrom(query: { page?: number; per_page?: number }): Page {
  const page = Math.min(maxPage, Math.max(1, Math.floor(query.page ?? 1)));
  const perPage = Math.min(maxPerPage, Math.max(1, Math.floor(query.per_page ?? 25)));
  return { page, perPage };
}

export interface Envelope<T> {
  type: 'list'; current_page: number; per_page: number; next_page: number | null; next_page_url: string | null;
  prev_page: number | null; prev_page_url: string | null; data: T[];
}

/** `listUrl` is the list's own absolute URL without page parameters. */
export function envelope<T>(items: T[], total: number, page: Page, listUrl: string): Envelope<T> & { total_count: number; total_pages: number } {
  const totalPages = Math.max(1, Math.ceil(total / page.perPage));
  const next = page.page < totalPages ? page.page + 1 : null;
  const prev = page.page > 1 ? Math.min(page.page - 1, totalPages) : null;
  const at = (n: number | null) => {
    if (n === null) return null;
    const u = new URL(listUrl);
    u.searchParams.set('page', String(n));
    u.searchParams.set('per_page', String(page.perPage));
    return u.toString();
  };
  return {
    type: 'list', current_page: page.page, per_page: page.perPage, next_page: next, next_page_url: at(next),
    prev_page: prev, prev_page_url: at(prev), data: items, total_count: total, total_pages: totalPages,
  };
}
