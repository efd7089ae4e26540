// An HTTP session seen through the edge's statement planner (session/query.ts), so the HTTP API makes
// exactly the MySQL edge's decisions: password roles, safe migrations, USE, Vitess statements and
// variables. Its target is the session's database name, or the branch's default keyspace.
import type { QuerySession } from '../session/query.js';
import { defaultKeyspace, informationSchema, resolveTarget, shardsOf, type Target } from '../session/routing.js';
import type { EdgeRuntime, SessionHandle } from '../session/runtime.js';
import type { Credential } from '../types.js';
import type { VitessContext } from '../vitess/execute.js';
import type { SessionState } from './session-token.js';

export type SessionTarget = Target | typeof informationSchema;

/** What a session's database name resolves to; null when it names nothing in the branch. */
export function resolveSessionTarget(credential: Credential, name: string): SessionTarget | null {
  const fallback = defaultKeyspace(credential.branch)?.name;
  const wanted = name || fallback;
  return wanted === undefined ? null : resolveTarget(credential.branch, wanted);
}

/** The name a session stores for a target: the keyspace, with the shard when it is not the first. */
export function targetName(credential: Credential, target: SessionTarget): string {
  if (target === informationSchema) return informationSchema;
  const ks = credential.branch.keyspaces.find((k) => k.name === target.keyspace);
  return ks && shardsOf(ks)[0] === target.shard ? target.keyspace : `${target.keyspace}:${target.shard}`;
}

export class HttpQuerySession implements QuerySession {
  target: SessionTarget | null;
  /** The keyspace whose shards the statement being run reads merged (its derived columns show that keyspace). */
  spread: string | null = null;

  constructor(readonly credential: Credential, readonly state: SessionState, private readonly runtime: EdgeRuntime) {
    this.target = resolveSessionTarget(credential, state.target);
  }

  get variables() { return this.state.variables; }

  get sequences() { return this.runtime.sequences; }

  vitessContext(): VitessContext {
    const route = this.credential.branch;
    return {
      route,
      keyspace: this.target && this.target !== informationSchema ? this.target.keyspace : null,
      variables: this.state.variables,
      engine: () => (this.runtime.vitess ? this.runtime.vitess.engineFor(route) : Promise.resolve(null)),
    };
  }

  findSession(id: number): SessionHandle | undefined {
    return this.runtime.sessions.get(id);
  }

  schemaChanged(): void {
    this.runtime.onSchemaChange(this.credential.branch);
  }

  setTarget(target: SessionTarget): void {
    this.target = target;
    this.state.target = targetName(this.credential, target);
  }
}
