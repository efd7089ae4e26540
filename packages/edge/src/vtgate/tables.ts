// Finds the table references of a DML statement (SELECT, INSERT/REPLACE, UPDATE, DELETE): every
// name in a FROM list or JOIN, the INSERT target, the UPDATE tables, at any subquery depth. The
// router rewrites exactly these spans to physical names, so a column, an alias or a function named
// like a table is never touched. It reads tokens from the one lexer; nothing is parsed beyond the
// clause structure that decides where a table name may stand.
import { isPunct, isWord, type Token } from '@localscale/mysql';

export interface TableRef {
  /** The keyspace the statement names (`ks.t`), or null. */
  qualifier: string | null;
  name: string;
  /** Span of the whole reference, qualifier included. */
  start: number;
  end: number;
  /** The alias that follows (`t AS x`, `t x`), or null. */
  alias: string | null;
  /** Index of the reference's first token. */
  token: number;
}

/** Words that end a FROM list or cannot be an alias; anything else after a table name is its alias. */
const clauseWords = new Set([
  'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'WINDOW', 'UNION', 'EXCEPT', 'INTERSECT', 'FOR', 'LOCK', 'INTO', 'SET',
  'ON', 'USING', 'JOIN', 'STRAIGHT_JOIN', 'INNER', 'CROSS', 'LEFT', 'RIGHT', 'NATURAL', 'OUTER', 'PARTITION', 'USE',
  'IGNORE', 'FORCE', 'VALUES', 'VALUE', 'SELECT', 'RETURNING', 'AS', 'OFFSET', 'PROCEDURE', 'DUPLICATE',
]);
const listEnds = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'WINDOW', 'UNION', 'EXCEPT', 'INTERSECT', 'FOR', 'LOCK', 'INTO', 'SET', 'RETURNING']);
const joinWords = new Set(['JOIN', 'STRAIGHT_JOIN']);

type Mode = 'other' | 'tables' | 'condition';

interface Level { mode: Mode; expectTable: boolean; subquery: boolean }

/** Every table reference in `tokens` (one statement), in order. */
export function tableReferences(tokens: readonly Token[]): TableRef[] {
  const refs: TableRef[] = [];
  const stack: Level[] = [{ mode: 'other', expectTable: false, subquery: false }];
  const first = tokens[0];
  let i = 0;
  if (isWord(first, 'INSERT', 'REPLACE')) {
    i = 1;
    while (isWord(tokens[i], 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO')) i++;
    // The target's column list follows it directly, so `t (` is not a function call here.
    const ref = readRef(tokens, i, true);
    if (ref) { refs.push(ref); i = ref.token + (ref.qualifier === null ? 1 : 3); }
  } else if (isWord(first, 'UPDATE')) {
    i = 1;
    while (isWord(tokens[i], 'LOW_PRIORITY', 'IGNORE')) i++;
    stack[0] = { mode: 'tables', expectTable: true, subquery: false };
  } else if (isWord(first, 'DELETE')) {
    i = 1;
    while (isWord(tokens[i], 'LOW_PRIORITY', 'QUICK', 'IGNORE')) i++;
  }
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    const level = stack[stack.length - 1]!;
    if (isPunct(t, '(')) {
      const opensSubquery = isWord(tokens[i + 1], 'SELECT', 'WITH');
      const derived = level.mode === 'tables' && level.expectTable;
      stack.push({ mode: derived && !opensSubquery ? 'tables' : 'other', expectTable: derived && !opensSubquery, subquery: derived });
      continue;
    }
    if (isPunct(t, ')')) {
      const closed = stack.length > 1 ? stack.pop()! : null;
      if (closed?.subquery) stack[stack.length - 1]!.expectTable = false;
      continue;
    }
    if (isWord(t, 'FROM')) { level.mode = 'tables'; level.expectTable = true; continue; }
    if (level.mode === 'other') continue;
    if (t.kind === 'word' && listEnds.has(t.value)) { level.mode = 'other'; level.expectTable = false; continue; }
    if (t.kind === 'word' && joinWords.has(t.value)) { level.mode = 'tables'; level.expectTable = true; continue; }
    if (isWord(t, 'ON', 'USING')) { level.mode = 'condition'; level.expectTable = false; continue; }
    if (isPunct(t, ',')) { level.mode = 'tables'; level.expectTable = true; continue; }
    if (level.mode === 'tables' && level.expectTable) {
      const ref = readRef(tokens, i);
      level.expectTable = false;
      if (ref) { refs.push(ref); i = ref.token + (ref.qualifier === null ? 0 : 2); }
    }
  }
  return refs;
}

/** A table name at token `i`: `name` or `ks.name` not followed by `(` (that would be a function). */
function readRef(tokens: readonly Token[], i: number, insertTarget = false): TableRef | null {
  const a = tokens[i];
  if (!a || a.ident === null || (a.kind === 'word' && clauseWords.has(a.value))) return null;
  const qualified = isPunct(tokens[i + 1], '.') && tokens[i + 2]?.ident != null;
  const last = qualified ? tokens[i + 2]! : a;
  const after = tokens[i + (qualified ? 3 : 1)];
  if ((isPunct(after, '(') && !insertTarget) || (!qualified && a.kind === 'word' && a.value === 'DUAL')) return null;
  const aliasToken = insertTarget ? undefined : isWord(after, 'AS') ? tokens[i + (qualified ? 4 : 2)]
    : after && (after.kind === 'quoted' || (after.kind === 'word' && !clauseWords.has(after.value))) ? after : undefined;
  return { qualifier: qualified ? a.ident : null, name: last.ident!, start: a.start, end: last.end, alias: aliasToken?.ident ?? null, token: i };
}
