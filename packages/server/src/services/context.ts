// What request handling needs from the running server: configuration, the two pools, a logger and
// the clock.
import type { Clock, Pool } from '@localscale/mysql';
import type { LocalScaleConfig } from '../config/types.js';
import type { Logger } from '../logging.js';

export interface Services {
  readonly config: LocalScaleConfig;
  readonly log: Logger;
  /** The one clock: token expiry, webhook retries, the deploy processor. */
  readonly clock: Clock;
  /** Server-level pool (no default database): physical databases, scratch work. */
  readonly admin: Pool;
  /** Pool on the metadata schema. */
  readonly metadata: Pool;
  /** host:port of the MySQL edge as clients should dial it; `hostname` is the host the API client used. */
  edgeAddress(hostname: string): string;
  /** host:port of the HTTP database API (its own port, else the edge port when that serves it); null when off. */
  httpAddress(hostname: string): string | null;
  /** Closes the edge sessions of a password's username (after it is deleted). */
  disconnectUser(username: string): void;
  /**
   * A branch is going away (deleted, or its database is): stops its Vitess engine for good before its
   * databases are dropped, so no late request starts a new engine over them.
   */
  releaseBranch(databaseId: string, branch: string): Promise<void>;
  /**
   * The API's origin (scheme, host, port) where no request says how the client reached it: the
   * `public_url` if configured, else the address LocalScale listens on. Webhook payloads use it.
   */
  origin(): string;
  /** Webhook deliveries were committed to the outbox: the dispatcher looks at once. */
  deliveriesQueued(): void;
}
