// Errors as Vitess reports them to a client: its message text (clients match on substrings such as
// `singleton-context migration rejected`) and the MySQL errno vtgate would send.
export type VitessErrorKind = 'invalid' | 'conflict' | 'not_found' | 'unavailable';

export class VitessError extends Error {
  constructor(message: string, readonly errno: number = 1105, readonly kind: VitessErrorKind = 'invalid') {
    super(message);
    this.name = 'VitessError';
  }
}
