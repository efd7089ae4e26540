// The names a client sees in result metadata, as vtgate shows them: the keyspace, never the physical
// MySQL database of one of its shards. vtgate answers `SHOW TABLES` with `Tables_in_<keyspace>` and
// puts the keyspace in each column definition's schema; the edge maps the branch's physical names the
// same way, on the MySQL protocol and in the HTTP API alike. Names of other databases pass unchanged.
import type { BranchRoute } from '../types.js';
import { lenencString } from './wire.js';

const tablesIn = 'Tables_in_';

const built = new WeakMap<BranchRoute, LogicalNames>();

export class LogicalNames {
  /** Physical database -> keyspace. */
  private readonly keyspaces: ReadonlyMap<string, string>;

  /**
   * `derived`: the keyspace of a read the router spread over shards. MySQL reports the columns of the
   * derived table that merges the shards with an empty schema; vtgate shows the keyspace there.
   */
  constructor(
    keyspaces: ReadonlyMap<string, string>,
    private readonly derived: string | null = null,
    /** Names already encoded as a column definition's length-encoded strings (shared with derived copies). */
    private readonly encoded = new Map<string, Buffer>(),
  ) {
    this.keyspaces = keyspaces;
  }

  /** The same names, for a read the router spread over the shards of `keyspace`. */
  forDerived(keyspace: string | null): LogicalNames {
    return keyspace === this.derived ? this : new LogicalNames(this.keyspaces, keyspace, this.encoded);
  }

  /** The names of a branch route, built once per route object (routes are not changed once made). */
  static of(route: BranchRoute): LogicalNames {
    let names = built.get(route);
    if (!names) {
      names = new LogicalNames(new Map(route.keyspaces.flatMap((k) => k.databases.map((d) => [d, k.name] as const))));
      built.set(route, names);
    }
    return names;
  }

  /** `name` as a column definition's length-encoded string (the keyspaces recur in every result). */
  lenenc(name: string): Buffer {
    let bytes = this.encoded.get(name);
    if (!bytes) {
      bytes = lenencString(name);
      if (this.encoded.size < 256) this.encoded.set(name, bytes);
    }
    return bytes;
  }

  /** Whether no name can change (a branch without physical databases). */
  get empty(): boolean { return this.keyspaces.size === 0; }

  /** The keyspace of a physical database of the branch; undefined for any other name. */
  keyspaceOf(database: string): string | undefined {
    return this.keyspaces.get(database);
  }

  /** A column definition's schema as the client knows it (`table`: the column's table, if any). */
  schema(database: string, table = ''): string {
    return this.schemaOf(database, table !== '');
  }

  /** `schema`, told only whether the column has a table. */
  schemaOf(database: string, hasTable: boolean): string {
    if (database === '' && hasTable && this.derived !== null) return this.derived;
    return this.keyspaces.get(database) ?? database;
  }

  /**
   * A result column's name: MySQL calls the column of `SHOW [FULL] TABLES [FROM db] [LIKE 'p']`
   * `Tables_in_<db>` (with ` (p)` after a LIKE); vtgate renames it to `Tables_in_<keyspace>` with no
   * pattern. Other names are returned unchanged.
   */
  column(name: string): string {
    if (!name.startsWith(tablesIn)) return name;
    const rest = name.slice(tablesIn.length);
    const cut = rest.indexOf(' (');
    const keyspace = this.keyspaces.get(cut < 0 ? rest : rest.slice(0, cut));
    return keyspace === undefined || (cut >= 0 && !rest.endsWith(')')) ? name : tablesIn + keyspace;
  }
}
