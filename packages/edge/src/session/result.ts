// What the edge answers itself, before it is framed: an OK or a text result set.
import type { Cell, ColumnSpec } from '../protocol/packets.js';

export type LocalResult =
  | { kind: 'ok'; affectedRows?: number }
  | { kind: 'rows'; columns: readonly ColumnSpec[]; rows: readonly (readonly Cell[])[] };

export const ok = (affectedRows = 0): LocalResult => ({ kind: 'ok', affectedRows });
