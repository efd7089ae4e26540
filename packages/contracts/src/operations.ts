// Which LocalScale operation a request is: the generated route table, matched by method and path.
// Literal segments win over placeholders, as in the router (`/schema/lint` is not `/schema/{x}`).
import { routes, type RouteSpec } from '@localscale/server';

export type Operation = RouteSpec;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const compiled = routes.map((route) => {
  const segments = route.path.split('/');
  const placeholders = segments.filter((s) => /^\{[^}]+\}$/.test(s)).length;
  const pattern = new RegExp(`^${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : escape(s))).join('/')}$`);
  return { route: route as Operation, pattern, placeholders };
}).sort((a, b) => a.placeholders - b.placeholders);

/** Every operation LocalScale declares, both surfaces. */
export const declaredOperations: readonly Operation[] = routes;

export function operationFor(method: string, path: string): Operation | undefined {
  const m = method.toLowerCase();
  const bare = path.split('?')[0]!;
  return compiled.find((c) => c.route.method === m && c.pattern.test(bare))?.route;
}
