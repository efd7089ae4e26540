// The shape of an INSERT/REPLACE ... VALUES statement as the router needs it: the target, the column
// list, and each row's span and value tokens, so rows can be regrouped per shard by splicing the
// original text. INSERT ... SELECT and INSERT ... SET are recognised and reported as such.
import { isPunct, isWord, type Token } from '@localscale/mysql';
import type { TableRef } from './tables.js';

export interface InsertRow {
  start: number;
  end: number;
  /** The tokens of each value, in column order. */
  values: Token[][];
}

export type InsertShape =
  | { kind: 'values'; columns: string[] | null; /** Offset of the column list's `)`. */ columnsClose: number | null; rows: InsertRow[] }
  | { kind: 'select' }
  | { kind: 'set' };

/** Reads the statement after its target table (`target.token` is where the table name starts). */
export function readInsert(tokens: readonly Token[], target: TableRef): InsertShape | null {
  let i = target.token + (target.qualifier === null ? 1 : 3);
  if (isWord(tokens[i], 'PARTITION') && isPunct(tokens[i + 1], '(')) i = closing(tokens, i + 1) + 1;
  let columns: string[] | null = null;
  let columnsClose: number | null = null;
  if (isPunct(tokens[i], '(') && !isWord(tokens[i + 1], 'SELECT', 'WITH')) {
    const close = closing(tokens, i);
    columns = [];
    for (let j = i + 1; j < close; j++) {
      const t = tokens[j]!;
      if (isPunct(t, ',')) continue;
      if (t.ident === null) return null;
      // `t.col` in a column list names the column.
      if (isPunct(tokens[j + 1], '.')) continue;
      columns.push(t.ident.toLowerCase());
    }
    columnsClose = tokens[close]!.start;
    i = close + 1;
  }
  if (isWord(tokens[i], 'SET')) return { kind: 'set' };
  if (!isWord(tokens[i], 'VALUES', 'VALUE')) return isWord(tokens[i], 'SELECT', 'WITH', 'TABLE') || isPunct(tokens[i], '(') ? { kind: 'select' } : null;
  i++;
  const rows: InsertRow[] = [];
  for (;;) {
    if (isWord(tokens[i], 'ROW')) i++;
    if (!isPunct(tokens[i], '(')) return null;
    const close = closing(tokens, i);
    rows.push({ start: tokens[i]!.start, end: tokens[close]!.end, values: splitValues(tokens.slice(i + 1, close)) });
    i = close + 1;
    if (!isPunct(tokens[i], ',')) break;
    i++;
  }
  return { kind: 'values', columns, columnsClose, rows };
}

/** Index of the `)` closing the `(` at `open` (or the last token when it never closes). */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (isPunct(tokens[j], '(')) depth++;
    else if (isPunct(tokens[j], ')') && --depth === 0) return j;
  }
  return tokens.length - 1;
}

function splitValues(inner: readonly Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of inner) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    if (depth === 0 && isPunct(t, ',')) { out.push([]); continue; }
    out[out.length - 1]!.push(t);
  }
  return inner.length ? out : [];
}
