// A stage between the upstream socket and the client that makes column definitions logical (see
// logical-names.ts) while the response streams. Column-definition packets are read where they are in
// the chunk and re-framed with their new length and the same sequence id; every other byte (rows above
// all) is copied once into the chunk's one output buffer, or the chunk itself goes on when nothing in
// it changed, so large results stream as before. Only a definition split across chunks is gathered
// (it is small) before it is rewritten.
// The one exception: the rows of a text result set with a database-name column (information_schema's
// TABLE_SCHEMA and the like) are examined one at a time, so the branch's physical names in those cells
// become keyspaces as vtgate shows them; such results are small, and still stream row by row.
// The stage drives the response tracker packet by packet: the tracker's state at each packet boundary
// says whether the next packet is a column definition or a row.
import { readColumnDefinition, renameRowCells, writeEditedColumn, type ColumnEdit } from './column-definition.js';
import type { LogicalNames } from './logical-names.js';
import type { ResponseTracker } from './response.js';

/** A column definition is a few names and 13 fixed bytes; anything longer is passed on unexamined. */
const maxHeld = 64 * 1024;

/** A packet of the chunk (header at `start`, payload of `length` bytes) that goes out changed. */
interface Edit {
  start: number;
  length: number;
  column: ColumnEdit | null;
  /** A row's new payload. */
  row: Buffer | null;
}

const empty = Buffer.alloc(0);

export class ColumnRenamer {
  /** Per column of the current result set: it holds database names. */
  private schemaCells: boolean[] = [];
  private anySchemaCells = false;
  /** The last packet examined was a column definition: the next one continues the same list. */
  private inDefinitions = false;
  private readonly edits: Edit[] = [];
  /** A packet split across chunks, gathered whole (header included) before it is examined. */
  private gathering: 'column' | 'row' | null = null;
  private readonly gatheredHeader = Buffer.alloc(4);
  private gatheredHeaderHave = 0;
  private gathered: Buffer | null = null;
  private gatheredHave = 0;

  constructor(private tracker: ResponseTracker, private names: LogicalNames) {}

  /** Ready for the next response (a session reuses one renamer). */
  reset(tracker: ResponseTracker, names: LogicalNames): this {
    this.tracker = tracker;
    this.names = names;
    this.schemaCells = [];
    this.anySchemaCells = false;
    this.inDefinitions = false;
    this.gathering = null;
    this.gatheredHeaderHave = 0;
    this.gathered = null;
    this.gatheredHave = 0;
    return this;
  }

  /** Feeds the tracker with `chunk` and returns the bytes to send on in its place (possibly none yet). */
  push(chunk: Buffer): Buffer {
    let i = 0;
    let before: Buffer | null = null;
    if (this.gathering) {
      i = this.gather(chunk);
      if (!this.gatheredWhole) return empty;
      before = this.finishGathered();
    }
    const from = i;
    const end = chunk.length;
    const tracker = this.tracker;
    this.edits.length = 0;
    while (i < end && !tracker.done) {
      if (!tracker.atBoundary) {
        i = tracker.feed(chunk, i, end, true);
        continue;
      }
      const column = tracker.nextIsColumnDefinition;
      if (column && !this.inDefinitions) {
        this.schemaCells = [];
        this.anySchemaCells = false;
      }
      this.inDefinitions = column;
      if (!column && !(this.anySchemaCells && tracker.nextIsTextRow)) {
        i = tracker.feed(chunk, i, end, true);
        continue;
      }
      if (end - i < 4) return this.startGathering(chunk, from, i, column, before);
      const length = chunk[i]! | (chunk[i + 1]! << 8) | (chunk[i + 2]! << 16);
      if (length > maxHeld) {
        if (column) this.schemaCells.push(false);
        i = tracker.feed(chunk, i, end, true);
        continue;
      }
      if (i + 4 + length > end) return this.startGathering(chunk, from, i, column, before);
      tracker.feed(chunk, i, i + 4 + length);
      const edit = this.examine(chunk, i, length, column);
      if (edit) this.edits.push(edit);
      i += 4 + length;
    }
    if (i < end) tracker.feed(chunk, i, end);
    return this.output(chunk, from, end, before);
  }

  /** The packet at `start` is one to examine and does not end in this chunk: what came before it goes on. */
  private startGathering(chunk: Buffer, from: number, start: number, column: boolean, before: Buffer | null): Buffer {
    this.gathering = column ? 'column' : 'row';
    this.gatheredHeaderHave = 0;
    this.gathered = null;
    const out = this.output(chunk, from, start, before);
    // Copied: a slice would keep the whole chunk alive, and the output above may be the chunk itself.
    this.gather(chunk.subarray(start));
    return out;
  }

  /** Adds the beginning of `chunk` to the packet being gathered; returns how many bytes it took. */
  private gather(chunk: Buffer): number {
    let i = 0;
    if (this.gathered === null) {
      const take = Math.min(4 - this.gatheredHeaderHave, chunk.length);
      chunk.copy(this.gatheredHeader, this.gatheredHeaderHave, 0, take);
      this.gatheredHeaderHave += take;
      i = take;
      if (this.gatheredHeaderHave < 4) return i;
      const length = this.gatheredHeader.readUIntLE(0, 3);
      this.gathered = Buffer.allocUnsafe(4 + length);
      this.gatheredHeader.copy(this.gathered, 0);
      this.gatheredHave = 4;
    }
    const take = Math.min(this.gathered.length - this.gatheredHave, chunk.length - i);
    chunk.copy(this.gathered, this.gatheredHave, i, i + take);
    this.gatheredHave += take;
    return i + take;
  }

  /** Whether the packet being gathered is whole. */
  private get gatheredWhole(): boolean {
    return this.gathered !== null && this.gatheredHave === this.gathered.length;
  }

  /** The packet gathered whole: fed to the tracker, and its bytes to send on. */
  private finishGathered(): Buffer {
    const packet = this.gathered!;
    const column = this.gathering === 'column';
    this.gathering = null;
    this.gathered = null;
    this.tracker.feed(packet);
    const length = packet.length - 4;
    if (length > maxHeld) {
      if (column) this.schemaCells.push(false);
      return packet;
    }
    const edit = this.examine(packet, 0, length, column);
    if (!edit) return packet;
    this.edits.length = 0;
    this.edits.push(edit);
    return this.output(packet, 0, packet.length, null);
  }

  /** What changes in the packet at `start` (a column definition or a row with database names), if anything. */
  private examine(buf: Buffer, start: number, length: number, column: boolean): Edit | null {
    if (column) {
      const reading = readColumnDefinition(buf, start + 4, length, this.names);
      this.schemaCells.push(reading.schemaNames);
      this.anySchemaCells ||= reading.schemaNames;
      return reading.edit ? { start, length, column: reading.edit, row: null } : null;
    }
    const row = renameRowCells(buf.subarray(start + 4, start + 4 + length), this.schemaCells, this.names);
    return row ? { start, length, column: null, row } : null;
  }

  /** `before`, then `chunk[from..to)` with the edits applied, as one buffer (the chunk itself when nothing changed). */
  private output(chunk: Buffer, from: number, to: number, before: Buffer | null): Buffer {
    const edits = this.edits;
    if (edits.length === 0 && before === null) return from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to);
    let size = (before?.length ?? 0) + (to - from);
    for (const e of edits) size += (e.column ? e.column.length : e.row!.length) - e.length;
    const out = Buffer.allocUnsafe(size);
    let w = before ? before.copy(out, 0) : 0;
    let at = from;
    for (const e of edits) {
      w += chunk.copy(out, w, at, e.start);
      const newLength = e.column ? e.column.length : e.row!.length;
      out[w] = newLength & 0xff;
      out[w + 1] = (newLength >>> 8) & 0xff;
      out[w + 2] = (newLength >>> 16) & 0xff;
      out[w + 3] = chunk[e.start + 3]!;
      w += 4;
      const payloadEnd = e.start + 4 + e.length;
      if (e.column) w = writeEditedColumn(chunk, e.start + 4, payloadEnd, e.column, out, w);
      else w += e.row!.copy(out, w);
      at = payloadEnd;
    }
    w += chunk.copy(out, w, at, to);
    edits.length = 0;
    return out;
  }
}
