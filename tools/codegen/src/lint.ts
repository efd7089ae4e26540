// Spec checks that need no generated output: a maintained OpenAPI validator (Redocly) and the
// project's own rule that operationIds are unique across both documents.
import { createConfig, lint } from '@redocly/openapi-core';
import { operationAccesses } from './access.js';
import { allOperations, specFiles, type OpenApiDocument, type Surface } from './documents.js';

export interface SpecProblem { file: string; message: string }

export async function validateWithRedocly(): Promise<SpecProblem[]> {
  // `spec` is Redocly's structural validation (schema of the OpenAPI document itself, broken $refs);
  // the stylistic recommended rules are not this project's contract.
  const config = await createConfig({ rules: { struct: 'error', 'no-unresolved-refs': 'error', 'operation-operationId-unique': 'error', 'path-parameters-defined': 'error', 'no-identical-paths': 'error', 'operation-operationId': 'error' } });
  const problems: SpecProblem[] = [];
  for (const file of Object.values(specFiles)) {
    for (const p of await lint({ ref: file, config })) {
      if (p.severity !== 'error') continue;
      const where = p.location?.[0]?.pointer ?? '';
      problems.push({ file, message: `${p.ruleId}: ${p.message}${where ? ` at ${where}` : ''}` });
    }
  }
  return problems;
}

export function operationIdProblems(docs: Record<Surface, OpenApiDocument>): SpecProblem[] {
  const seen = new Map<string, string>();
  const problems: SpecProblem[] = [];
  for (const op of allOperations(docs)) {
    const where = `${op.method.toUpperCase()} ${op.path}`;
    if (!op.operationId) problems.push({ file: specFiles[op.surface], message: `${where} has no operationId` });
    else if (!/^[a-z][a-z0-9_]*$/.test(op.operationId)) problems.push({ file: specFiles[op.surface], message: `${where}: operationId ${op.operationId} is not snake_case` });
    else if (seen.has(op.operationId)) problems.push({ file: specFiles[op.surface], message: `operationId ${op.operationId} is used by ${seen.get(op.operationId)} and ${where}` });
    else seen.set(op.operationId, where);
    if (op.surface === 'localscale' && op.operation['x-localscale'] !== true) {
      problems.push({ file: specFiles.localscale, message: `${where} must be marked x-localscale: true` });
    }
  }
  return problems;
}

/** Every operation declares the access it needs, from the catalog, at the right level. */
export function accessProblems(docs: Record<Surface, OpenApiDocument>): SpecProblem[] {
  return operationAccesses(docs).problems;
}
