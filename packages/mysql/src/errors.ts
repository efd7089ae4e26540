// Typed failures of the domain layers. Every package below the server (mysql, vitess, deploy-engine)
// throws subclasses of DomainError, whose `kind` names the failure in one vocabulary; the server maps
// each kind to exactly one HTTP status (server/src/http/errors.ts). Nothing here knows about HTTP.

/** The one list of failure kinds the layers share. */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid' | 'bad_request' | 'forbidden' | 'unavailable';

/** Base of every domain failure; the server recognises domain errors by this class, never by shape. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

export type StorageErrorKind = Extract<DomainErrorKind, 'not_found' | 'conflict' | 'invalid' | 'unavailable'>;

export class StorageError extends DomainError {
  constructor(readonly kind: StorageErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export const notFound = (message: string) => new StorageError('not_found', message);
export const conflict = (message: string) => new StorageError('conflict', message);
export const invalid = (message: string) => new StorageError('invalid', message);

/** MySQL's duplicate-key error, by errno (MySQL and MariaDB agree on 1062). */
export const isDuplicateKey = (err: unknown) => (err as { errno?: number } | null)?.errno === 1062;
