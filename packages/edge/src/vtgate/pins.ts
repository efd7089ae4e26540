// Which keyspace ids a statement's WHERE clause pins a table to, as vtgate's planner decides it for a
// route: a top-level conjunct `col = literal` (either side) or `col IN (literal, ...)` on the table's
// primary vindex column. Anything else (an OR at the top level, an expression, a parameter the text
// does not carry) pins nothing and the statement is scattered.
import { isPunct, isWord, type Token } from '@localscale/mysql';

/** A literal as written in the statement, for the vindex to map. */
export type Literal =
  | { kind: 'int'; value: bigint }
  | { kind: 'decimal'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'null' };

const clauseEnds = new Set(['GROUP', 'HAVING', 'ORDER', 'LIMIT', 'FOR', 'LOCK', 'UNION', 'WINDOW', 'INTO', 'RETURNING']);

/** The tokens of the top-level WHERE clause, or null when there is none. */
export function whereClause(tokens: readonly Token[]): Token[] | null {
  let depth = 0;
  let from = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && from === -1 && isWord(t, 'WHERE')) from = i + 1;
    else if (depth === 0 && from !== -1 && t.kind === 'word' && clauseEnds.has(t.value)) return tokens.slice(from, i);
  }
  return from === -1 ? null : tokens.slice(from);
}

/** A literal starting at `i` (a number, optionally negative; a string; NULL) and the index after it. */
export function readLiteral(tokens: readonly Token[], i: number): { literal: Literal; next: number } | null {
  let t = tokens[i];
  let negative = false;
  if (isPunct(t, '-') && tokens[i + 1]?.kind === 'number') { negative = true; t = tokens[++i]; }
  if (!t) return null;
  if (t.kind === 'number') {
    const text = (negative ? '-' : '') + t.text;
    if (/^-?\d+$/.test(text)) return { literal: { kind: 'int', value: BigInt(text) }, next: i + 1 };
    if (/^0x[0-9a-f]+$/i.test(t.text) && !negative) return { literal: { kind: 'int', value: BigInt(t.text) }, next: i + 1 };
    return { literal: { kind: 'decimal', text }, next: i + 1 };
  }
  if (t.kind === 'string') return { literal: { kind: 'string', value: t.value }, next: i + 1 };
  if (isWord(t, 'NULL')) return { literal: { kind: 'null' }, next: i + 1 };
  return null;
}

/** Splits on top-level AND; null when the top level has OR, XOR or `||` (no conjunct then pins). */
function conjuncts(where: readonly Token[]): Token[][] | null {
  const out: Token[][] = [[]];
  let depth = 0;
  for (let i = 0; i < where.length; i++) {
    const t = where[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    if (depth === 0) {
      if (isWord(t, 'OR', 'XOR') || isPunct(t, '||')) return null;
      // BETWEEN x AND y: that AND belongs to BETWEEN.
      if ((isWord(t, 'AND') || isPunct(t, '&&')) && !betweenOpen(out[out.length - 1]!)) { out.push([]); continue; }
    }
    out[out.length - 1]!.push(t);
  }
  return out;
}

function betweenOpen(part: readonly Token[]): boolean {
  let open = false;
  for (const t of part) {
    if (isWord(t, 'BETWEEN')) open = true;
    else if (isWord(t, 'AND')) open = false;
  }
  return open;
}

/** `col`, `t.col` or `ks.t.col` at `i` naming the column for one of `names` (the table and its alias). */
function columnAt(tokens: readonly Token[], i: number, column: string, names: ReadonlySet<string>): number {
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const t = tokens[j];
    if (!t || t.ident === null || (t.kind === 'word' && t.value === 'NULL')) return -1;
    parts.push(t.ident);
    j++;
    if (!isPunct(tokens[j], '.')) break;
    j++;
  }
  const col = parts[parts.length - 1]!.toLowerCase();
  const table = parts.length >= 2 ? parts[parts.length - 2]! : null;
  if (col !== column || (table !== null && !names.has(table))) return -1;
  return j;
}

/**
 * The literals the WHERE clause pins `column` of the table known by `names` to, or null when it does
 * not pin it (the statement then goes to every shard).
 */
export function pinnedValues(tokens: readonly Token[], column: string, names: ReadonlySet<string>): Literal[] | null {
  const where = whereClause(tokens);
  if (!where) return null;
  const parts = conjuncts(where);
  if (!parts) return null;
  for (const p of parts) {
    const equal = equality(p, column, names);
    if (equal) return equal;
  }
  return null;
}

function equality(p: readonly Token[], column: string, names: ReadonlySet<string>): Literal[] | null {
  const after = columnAt(p, 0, column, names);
  if (after !== -1) {
    if (isPunct(p[after], '=')) {
      const lit = readLiteral(p, after + 1);
      return lit && lit.next === p.length ? [lit.literal] : null;
    }
    if (isWord(p[after], 'IN') && isPunct(p[after + 1], '(')) return literalList(p, after + 2);
    return null;
  }
  const lit = readLiteral(p, 0);
  if (lit && isPunct(p[lit.next], '=') && columnAt(p, lit.next + 1, column, names) === p.length) return [lit.literal];
  return null;
}

function literalList(p: readonly Token[], i: number): Literal[] | null {
  const out: Literal[] = [];
  for (;;) {
    const lit = readLiteral(p, i);
    if (!lit) return null;
    out.push(lit.literal);
    if (isPunct(p[lit.next], ',')) { i = lit.next + 1; continue; }
    return isPunct(p[lit.next], ')') && lit.next === p.length - 1 ? out : null;
  }
}
