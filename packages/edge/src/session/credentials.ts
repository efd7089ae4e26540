// The credentials behind new connections, looked up through the server's `authenticate` callback and
// trusted for a short while: a client that opens connections in a burst (a pool filling up, a test
// suite) costs the server one lookup, not one per connection. Only found credentials are kept (a new
// password works at once); `forget` drops one at once (a deleted password), and a lookup that was in
// flight when something was forgotten is not kept, so it cannot bring a deleted password back.
// Expiry is checked by the login itself, on every connection.
import type { Credential } from '../types.js';

export class CredentialCache {
  private readonly entries = new Map<string, { credential: Credential; until: number }>();
  /** Bumped by every forget: a lookup that started under an older epoch is not kept. */
  private epoch = 0;

  constructor(
    private readonly lookup: (username: string) => Promise<Credential | null>,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(username: string): Promise<Credential | null> {
    const now = Date.now();
    const kept = this.entries.get(username);
    if (kept && kept.until > now) return kept.credential;
    const epoch = this.epoch;
    const credential = await this.lookup(username);
    if (credential && this.ttlMs > 0 && epoch === this.epoch) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(username, { credential, until: Date.now() + this.ttlMs });
    } else {
      this.entries.delete(username);
    }
    return credential;
  }

  forget(username: string): void {
    this.epoch += 1;
    this.entries.delete(username);
  }

  clear(): void {
    this.epoch += 1;
    this.entries.clear();
  }
}
