// A refused action. `kind` names the failure in the layers' shared vocabulary (the server maps it to
// a status).
import { DomainError } from '@localscale/vitess';
import type { Refusal } from '../machine/actions.js';

export class DeployActionError extends DomainError {
  readonly kind: Refusal['kind'] | 'not_found';
  constructor(kind: Refusal['kind'] | 'not_found', message: string) {
    super(message);
    this.name = 'DeployActionError';
    this.kind = kind;
  }
}
