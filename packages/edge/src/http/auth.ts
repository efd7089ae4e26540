// HTTP Basic credentials against branch passwords. The driver sends the plain-text password; it is
// checked the way the stored digests allow: hash it twice with each verifier's algorithm and compare
// in constant time (no plain text is stored anywhere). A verified credential is remembered briefly,
// keyed by a digest of the password, so a burst of requests does not look the username up each time;
// deleting a password (edge.disconnect) forgets it at once, and expiry is checked on every request.
// A keep-alive connection sends the same header with every request: while the entry it was verified
// against is current, the connection's header is recognised as it is, without parsing or hashing.
import { createHash, timingSafeEqual } from 'node:crypto';
import { passwordVerifiers } from '../auth/scramble.js';
import type { Credential } from '../types.js';

export interface BasicCredentials { username: string; password: string }

/** `Authorization: Basic base64(user:password)`; null when absent or malformed. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | null {
  const m = header ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** True when `password` is the one whose digests the credential stores. */
export function passwordMatches(credential: Credential, password: string): boolean {
  const presented = passwordVerifiers(password);
  let matched = false;
  for (const stored of credential.verifiers) {
    const mine = presented.find((p) => p.kind === stored.kind);
    if (mine && mine.stage2.length === stored.stage2.length && timingSafeEqual(mine.stage2, stored.stage2)) matched = true;
  }
  return matched && credential.verifiers.length > 0;
}

interface Entry { credential: Credential; digest: Buffer; until: number }

const digestOf = (username: string, password: string) => createHash('sha256').update(username).update('\0').update(password).digest();

export class VerifiedCredentials {
  private readonly entries = new Map<string, Entry>();
  /** Per connection: the Authorization header last verified on it, and the entry it was verified against. */
  private readonly connections = new WeakMap<object, { header: string; entry: Entry }>();

  constructor(private readonly ttlMs: number, private readonly maxEntries = 10_000) {}

  get(username: string, password: string, now: number): Credential | null {
    const e = this.entries.get(username);
    if (!e) return null;
    if (e.until <= now) {
      this.entries.delete(username);
      return null;
    }
    return timingSafeEqual(e.digest, digestOf(username, password)) ? e.credential : null;
  }

  remember(credential: Credential, password: string, now: number): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(credential.username, { credential, digest: digestOf(credential.username, password), until: now + this.ttlMs });
  }

  /** The credential `header` stands for on `connection`, when the connection's last verified header was this one and is still current. */
  forConnection(connection: object, header: string, now: number): Credential | null {
    const known = this.connections.get(connection);
    if (!known || known.header !== header) return null;
    const e = known.entry;
    if (this.entries.get(e.credential.username) !== e || e.until <= now) return null;
    return e.credential;
  }

  /** Notes that `header` was verified on `connection` as the credential remembered for `username`. */
  rememberConnection(connection: object, header: string, username: string): void {
    const entry = this.entries.get(username);
    if (entry) this.connections.set(connection, { header, entry });
  }

  forget(username: string): void {
    this.entries.delete(username);
  }

  clear(): void {
    this.entries.clear();
  }
}
