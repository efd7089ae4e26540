// vtgate's own session variables, kept per edge session: MySQL does not know them, so SET and SELECT of
// them are answered by the edge.
import { randomUUID } from 'node:crypto';
import { SqlError, unsupported } from '../errors.js';
import { checkMigrationContext, parseDdlStrategy } from './strategy.js';

const defaults: Record<string, string> = {
  ddl_strategy: 'direct',
  migration_context: '',
  workload: 'OLTP',
  transaction_mode: 'MULTI',
  query_timeout: '0',
  enable_system_settings: '1',
  skip_query_plan_cache: '0',
};

export class VitessVariables {
  private values = new Map<string, string>();

  /** `sessionUuid` is vtgate's @@session_uuid: part of the default migration context `vtgate:<uuid>`. */
  constructor(readonly sessionUuid: string = randomUUID()) {}

  get(name: string): string {
    if (name === 'session_uuid') return this.sessionUuid;
    return this.values.get(name) ?? defaults[name] ?? '';
  }

  get ddlStrategy(): string { return this.get('ddl_strategy'); }

  /** The context migrations are submitted with: the session's, or vtgate's default. */
  get migrationContext(): string { return this.get('migration_context') || `vtgate:${this.sessionUuid}`; }

  /** Validates an assignment now; the returned function applies it (after MySQL accepted the rest). */
  prepare(name: string, value: { text: string; isDefault: boolean } | null): () => void {
    if (name === 'session_uuid') throw new SqlError(1238, 'HY000', "Variable 'session_uuid' is a read only variable");
    if (value === null) throw unsupported(`expressions in SET @@${name}`);
    if (value.isDefault) return () => { this.values.delete(name); };
    if (name === 'ddl_strategy') parseDdlStrategy(value.text);
    if (name === 'migration_context') checkMigrationContext(value.text);
    return () => { this.values.set(name, value.text); };
  }

  /** Puts back a value saved from an earlier request of the same session (it was validated when set). */
  restore(name: string, value: string): void {
    if (name !== 'session_uuid') this.values.set(name, value);
  }

  reset(): void {
    this.values = new Map();
  }
}
