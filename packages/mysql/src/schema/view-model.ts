// Canonical view text: `SHOW CREATE VIEW` read with the view's own database as the default, so table
// references print unqualified, and without the DEFINER clause, which names whoever created the view on
// this server rather than anything about the schema.
import { createHead, quotedIdentifiers } from './canonical-text.js';

const definer = /^(CREATE (?:ALGORITHM=\w+ )?)DEFINER=(?:`(?:[^`]|``)*`|[^ @]+)@(?:`(?:[^`]|``)*`|\S+) /;

export function stripDefiner(createView: string): string {
  return createView.replace(definer, '$1');
}

/** The part after `VIEW `name``, i.e. `AS select ...` plus any CHECK OPTION. */
function viewBody(createView: string): string {
  const head = createHead(createView, 'VIEW');
  return head ? createView.slice(head.end) : createView;
}

/** The names among `candidates` that the view's query mentions (an over-approximation is harmless for ordering). */
export function viewDependencies(createView: string, candidates: ReadonlySet<string>): string[] {
  return [...new Set(quotedIdentifiers(viewBody(createView)).filter((n) => candidates.has(n)))];
}

export const createOrReplaceView = (createView: string) => createView.replace(/^CREATE /, 'CREATE OR REPLACE ');
