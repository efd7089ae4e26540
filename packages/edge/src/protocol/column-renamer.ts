// A stage between the upstream socket and the client that makes column definitions logical (see
// logical-names.ts) while the response streams. Only column-definition packets are held, each until it
// is whole (they are small), then re-framed with its new length and the same sequence id; every other
// byte (rows above all) goes on as a slice of the chunk it came in, so large results stream as before.
// The one exception: the rows of a text result set with a database-name column (information_schema's
// TABLE_SCHEMA and the like) are held one at a time, so the branch's physical names in those cells
// become keyspaces as vtgate shows them; such results are small, and still stream row by row.
// The stage drives the response tracker packet by packet: the tracker's state at each packet boundary
// says whether the next packet is a column definition or a row.
import { renameColumn, renameRowCells } from './column-definition.js';
import type { LogicalNames } from './logical-names.js';
import type { ResponseTracker } from './response.js';

/** A column definition is a few names and 13 fixed bytes; anything longer is passed on unexamined. */
const maxHeld = 64 * 1024;

export class ColumnRenamer {
  private readonly header = Buffer.alloc(4);
  private headerHave = 0;
  private payloadLeft = 0;
  /** Between packets (the next byte starts a header). */
  private atBoundary = true;
  /** The bytes of the packet being held (header included), or null when passing through. */
  private held: Buffer[] | null = null;
  private heldKind: 'column' | 'row' = 'column';
  /** Per column of the current result set: it holds database names. */
  private schemaCells: boolean[] = [];
  private anySchemaCells = false;
  /** The last packet held was a column definition: the next one continues the same list. */
  private inDefinitions = false;

  constructor(private readonly tracker: ResponseTracker, private readonly names: LogicalNames) {}

  /** Feeds the tracker with `chunk` and returns the bytes to send on in its place (possibly none yet). */
  push(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    let emitFrom = 0;
    let fedTo = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.atBoundary) {
        // The tracker must have seen every byte before this boundary for its state to describe it.
        if (fedTo < i) this.tracker.feed(chunk.subarray(fedTo, i));
        fedTo = i;
        this.atBoundary = false;
        this.headerHave = 0;
        const column = this.tracker.nextIsColumnDefinition;
        if (column && !this.inDefinitions) {
          this.schemaCells = [];
          this.anySchemaCells = false;
        }
        this.inDefinitions = column;
        if (column || (this.anySchemaCells && this.tracker.nextIsTextRow)) {
          out.push(chunk.subarray(emitFrom, i));
          this.held = [];
          this.heldKind = column ? 'column' : 'row';
        }
      }
      if (this.headerHave < 4) {
        const take = Math.min(4 - this.headerHave, chunk.length - i);
        chunk.copy(this.header, this.headerHave, i, i + take);
        this.held?.push(chunk.subarray(i, i + take));
        this.headerHave += take;
        i += take;
        if (this.headerHave < 4) break;
        this.payloadLeft = this.header.readUIntLE(0, 3);
        if (this.held && this.payloadLeft > maxHeld) {
          if (this.heldKind === 'column') this.schemaCells.push(false);
          const bytes = Buffer.concat(this.held);
          this.held = null;
          this.tracker.feed(bytes);
          out.push(bytes);
          emitFrom = fedTo = i;
        }
      }
      const take = Math.min(this.payloadLeft, chunk.length - i);
      this.held?.push(chunk.subarray(i, i + take));
      i += take;
      this.payloadLeft -= take;
      if (this.payloadLeft > 0) break;
      this.atBoundary = true;
      if (this.held) {
        const bytes = Buffer.concat(this.held);
        this.held = null;
        this.tracker.feed(bytes);
        out.push(this.rewrite(bytes));
        emitFrom = fedTo = i;
      }
    }
    if (this.held) {
      // Copied (concat copies): a held slice would keep the whole chunk alive.
      this.held = [Buffer.concat(this.held)];
    } else {
      if (fedTo < chunk.length) this.tracker.feed(chunk.subarray(fedTo));
      out.push(emitFrom === 0 ? chunk : chunk.subarray(emitFrom));
    }
    const parts = out.filter((b) => b.length > 0);
    if (parts.length === 1) return parts[0]!;
    return Buffer.concat(parts);
  }

  private rewrite(packet: Buffer): Buffer {
    let payload: Buffer | null;
    if (this.heldKind === 'row') {
      payload = renameRowCells(packet.subarray(4), this.schemaCells, this.names);
    } else {
      const renamed = renameColumn(packet.subarray(4), this.names);
      this.schemaCells.push(renamed.schemaNames);
      this.anySchemaCells ||= renamed.schemaNames;
      payload = renamed.payload;
    }
    if (payload === null) return packet;
    const header = Buffer.from(packet.subarray(0, 4));
    header.writeUIntLE(payload.length, 0, 3);
    return Buffer.concat([header, payload]);
  }
}
