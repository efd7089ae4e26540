// Typed failures of the storage layer. `kind` names the failure for callers (the server maps kinds to
// HTTP statuses); nothing here knows about HTTP.
export type StorageErrorKind = 'not_found' | 'conflict' | 'invalid' | 'unavailable';

export class StorageError extends Error {
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
