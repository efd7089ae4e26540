// The coverage rule: every operation LocalScale implements has at least one interaction in a pact.
import { operationFor } from './operations.js';
import type { PactFile } from './pact-file.js';

export interface Coverage {
  /** operationId -> descriptions of the interactions that exercise it. */
  covered: Map<string, string[]>;
  /** Implemented operations no interaction exercises. */
  missing: string[];
}

export function coverageOf(pacts: readonly PactFile[], implemented: ReadonlySet<string>): Coverage {
  const covered = new Map<string, string[]>();
  for (const pact of pacts) {
    for (const interaction of pact.interactions) {
      const op = operationFor(interaction.request.method, interaction.request.path);
      if (!op) continue;
      covered.set(op.operationId, [...(covered.get(op.operationId) ?? []), interaction.description]);
    }
  }
  return { covered, missing: [...implemented].filter((op) => !covered.has(op)).sort() };
}
