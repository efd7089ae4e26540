// A refused action. `kind` names the failure for the caller (the server maps it to a status).
import type { Refusal } from '../machine/actions.js';

export class DeployActionError extends Error {
  readonly kind: Refusal['kind'] | 'not_found';
  constructor(kind: Refusal['kind'] | 'not_found', message: string) {
    super(message);
    this.name = 'DeployActionError';
    this.kind = kind;
  }
}
