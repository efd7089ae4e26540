// Reading a stored plan document (JSON in the metadata store) into the model. The document is checked
// rather than cast: a plan that does not have the model's shape is reported, not deployed.
import { DomainError, type VSchema } from '@localscale/vitess';
import { legacyChange } from './legacy-plan.js';
import { operationKinds, type KeyspacePlan, type OperationKind, type Plan, type PlannedChange } from './model.js';

export class PlanDocumentError extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(message: string) {
    super(`stored deploy plan is malformed: ${message}`);
    this.name = 'PlanDocumentError';
  }
}

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKind = (v: unknown): v is OperationKind => (operationKinds as readonly unknown[]).includes(v);

function change(v: unknown, where: string): PlannedChange {
  if (!isDoc(v) || !isKind(v.kind) || typeof v.table !== 'string' || typeof v.sql !== 'string' || typeof v.dropsData !== 'boolean') {
    throw new PlanDocumentError(`${where} is not a {kind, table, sql, dropsData} change`);
  }
  return { kind: v.kind, table: v.table, sql: v.sql, dropsData: v.dropsData };
}

function changes(k: Doc, where: string): PlannedChange[] {
  if (Array.isArray(k.changes)) return k.changes.map((c, i) => change(c, `${where}.changes[${i}]`));
  // Legacy: plain statements (see legacy-plan.ts).
  if (Array.isArray(k.ddl) && k.ddl.every((s) => typeof s === 'string')) return k.ddl.map(legacyChange);
  throw new PlanDocumentError(`${where} has neither changes nor ddl`);
}

function vschema(v: unknown, where: string): KeyspacePlan['vschema'] {
  if (v === null || v === undefined) return null;
  if (!isDoc(v) || !isDoc(v.after) || !(v.before === null || isDoc(v.before))) throw new PlanDocumentError(`${where}.vschema is not {before, after}`);
  // VSchemas are Vitess's documents, stored as they were read from the branch; they are not re-validated here.
  return { before: v.before as VSchema | null, after: v.after as VSchema };
}

/** The plan of a stored request, or null when it has none (not prepared yet, or re-preparing). */
export function readPlanDocument(doc: unknown): Plan | null {
  if (doc === null || doc === undefined) return null;
  if (!isDoc(doc) || !Array.isArray(doc.keyspaces) || typeof doc.instantEligible !== 'boolean') {
    throw new PlanDocumentError('expected {keyspaces, instantEligible}');
  }
  const keyspaces = doc.keyspaces.map((k: unknown, i): KeyspacePlan => {
    const where = `keyspaces[${i}]`;
    if (!isDoc(k) || typeof k.keyspace !== 'string') throw new PlanDocumentError(`${where} has no keyspace name`);
    return { keyspace: k.keyspace, changes: changes(k, where), vschema: vschema(k.vschema, where) };
  });
  return { keyspaces, instantEligible: doc.instantEligible };
}
