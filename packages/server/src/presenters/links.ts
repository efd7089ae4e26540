// URLs in API objects: `url` fields point at LocalScale's own API; `html_url` fields at the same
// origin, where PlanetScale would point at its dashboard.
import type { RequestInfo } from '../http/operation-types.js';

export interface Links { readonly api: string; readonly app: string }

export function linksFor(request: RequestInfo, publicUrl: string | null): Links {
  const origin = publicUrl ?? request.origin;
  return { api: `${origin}/v1`, app: origin };
}

export const enc = encodeURIComponent;
