// Errors as Vitess reports them to a client: its message text (clients match on substrings such as
// `singleton-context migration rejected`) and the MySQL errno vtgate would send. The kind is from the
// layers' shared vocabulary (DomainErrorKind in @localscale/mysql).
import { DomainError, type DomainErrorKind } from '@localscale/mysql';

export type VitessErrorKind = Extract<DomainErrorKind, 'invalid' | 'conflict' | 'not_found' | 'unavailable'>;

export class VitessError extends DomainError {
  constructor(message: string, readonly errno: number = 1105, readonly kind: VitessErrorKind = 'invalid') {
    super(message);
    this.name = 'VitessError';
  }
}

// The deploy engine sees the shared vocabulary through this port (it depends on vitess, not mysql).
export { DomainError, type DomainErrorKind } from '@localscale/mysql';
