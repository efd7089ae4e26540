// Scatter reads that vtgate merges itself, pushed down to the shards: a read of one sharded table that
// only aggregates (COUNT, SUM, MIN, MAX) runs the aggregates on every shard and combines the partial
// results; an ORDER BY ... LIMIT runs with the limit on every shard and the top rows are taken from
// their union. Anything else falls back to the router's UNION ALL of whole tables, which is always
// correct but makes MySQL read every row into a temporary table.
import { isPunct, isWord, type Token } from '@localscale/mysql';

/** The top-level clauses of a SELECT, as token index ranges. */
interface Clauses {
  select: [number, number];
  from: [number, number];
  where: [number, number] | null;
  order: [number, number] | null;
  limit: [number, number] | null;
  /** FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE: taken on every shard. */
  lock: [number, number] | null;
}

const clauseWords = new Set(['FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'WINDOW', 'UNION', 'FOR', 'LOCK', 'INTO', 'EXCEPT', 'INTERSECT']);

function clausesOf(tokens: readonly Token[]): Clauses | null {
  if (!isWord(tokens[0], 'SELECT')) return null;
  const starts: { word: string; at: number }[] = [{ word: 'SELECT', at: 0 }];
  let depth = 0;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && t.kind === 'word' && clauseWords.has(t.value)) starts.push({ word: t.value, at: i });
  }
  // A locking clause is the statement's last: LOCK IN SHARE MODE, FOR UPDATE [NOWAIT | SKIP LOCKED], FOR SHARE.
  const lockAt = starts.findIndex((s) => s.word === 'FOR' || s.word === 'LOCK');
  const lock: [number, number] | null = lockAt === -1 ? null : [starts[lockAt]!.at, tokens.length];
  if (lockAt !== -1) starts.splice(lockAt);
  const words = starts.map((s) => s.word);
  // Only SELECT list FROM one table [WHERE] [ORDER BY] [LIMIT]: nothing grouped, unioned or stored.
  if (words.some((w) => !['SELECT', 'FROM', 'WHERE', 'ORDER', 'LIMIT'].includes(w)) || new Set(words).size !== words.length) return null;
  const range = (word: string): [number, number] | null => {
    const k = starts.findIndex((s) => s.word === word);
    if (k === -1) return null;
    return [starts[k]!.at + 1, k + 1 < starts.length ? starts[k + 1]!.at : lock ? lock[0] : tokens.length];
  };
  const select = range('SELECT')!, from = range('FROM');
  if (!from) return null;
  return { select, from, where: range('WHERE'), order: range('ORDER'), limit: range('LIMIT'), lock };
}

/** Splits tokens [from, to) on top-level commas. */
function items(tokens: readonly Token[], [from, to]: [number, number]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    if (depth === 0 && isPunct(t, ',')) { out.push([]); continue; }
    out[out.length - 1]!.push(t);
  }
  return out;
}

type Combine = 'count' | 'sum' | 'min' | 'max';

/** `COUNT(...)`, `SUM(...)`, `MIN(...)`, `MAX(...)` with an optional alias: how partial results combine and the column's label. */
function aggregate(item: readonly Token[], text: string): { combine: Combine; expr: string; label: string } | null {
  const fn = item[0];
  if (!fn || fn.kind !== 'word' || !isPunct(item[1], '(')) return null;
  const combine = ({ COUNT: 'count', SUM: 'sum', MIN: 'min', MAX: 'max' } as const)[fn.value as 'COUNT'];
  if (!combine) return null;
  let depth = 0;
  let close = -1;
  for (let i = 1; i < item.length; i++) {
    if (isPunct(item[i], '(')) depth++;
    else if (isPunct(item[i], ')') && --depth === 0) { close = i; break; }
  }
  if (close === -1 || isWord(item[2], 'DISTINCT')) return null;
  const expr = text.slice(fn.start, item[close]!.end);
  const rest = item.slice(close + 1);
  if (rest.length === 0) return { combine, expr, label: expr };
  const alias = isWord(rest[0], 'AS') ? rest[1] : rest[0];
  if (!alias || rest.length !== (isWord(rest[0], 'AS') ? 2 : 1)) return null;
  const label = alias.kind === 'string' ? alias.value : alias.ident;
  return label === null ? null : { combine, expr, label };
}

const quoteLabel = (label: string) => '`' + label.replace(/`/g, '``') + '`';

/** How each kind of partial result combines, keeping the column's type (a count stays an integer). */
const combined: Record<Combine, (column: string) => string> = {
  count: (c) => `CAST(COALESCE(SUM(${c}), 0) AS SIGNED)`,
  sum: (c) => `SUM(${c})`,
  min: (c) => `MIN(${c})`,
  max: (c) => `MAX(${c})`,
};

/**
 * The pushed-down text for a scatter read of the one table reference spanning [refStart, refEnd), or
 * null when the shape is not one of these. `shards` are the physical names of the table on each shard read.
 */
export function pushDown(text: string, tokens: readonly Token[], ref: { start: number; end: number; alias: string | null; name: string }, shards: readonly string[]): string | null {
  const c = clausesOf(tokens);
  if (!c) return null;
  const fromTokens = tokens.slice(c.from[0], c.from[1]);
  // The FROM clause is the one table (and its alias), nothing joined.
  if (fromTokens.some((t) => isPunct(t, ',') || isPunct(t, '(') || (t.kind === 'word' && ['JOIN', 'STRAIGHT_JOIN'].includes(t.value)))) return null;
  // Subqueries, variables and parameters (a prepared statement's `?` would be repeated per shard) stay whole.
  if (tokens.some((t) => t.kind === 'variable' || isPunct(t, '?') || (isWord(t, 'SELECT') && t !== tokens[0]))) return null;
  // Select modifiers (DISTINCT, SQL_CALC_FOUND_ROWS...) and window functions need the whole result.
  const list = items(tokens, c.select);
  const first = tokens[c.select[0]];
  if (first?.kind === 'word' && /^(DISTINCT|DISTINCTROW|ALL|HIGH_PRIORITY|STRAIGHT_JOIN|SQL_\w+)$/.test(first.value)) return null;
  if (tokens.some((t) => isWord(t, 'OVER'))) return null;
  const where = c.where ? ` WHERE ${slice(text, tokens, c.where)}` : '';
  const lock = c.lock ? ` ${slice(text, tokens, c.lock)}` : '';
  const from = (shard: string) => `${shard}${ref.alias !== null ? ` AS ${quoteLabel(ref.alias)}` : ''}`;
  const aggregates = list.map((item) => aggregate(item, text));
  if (aggregates.every((a) => a !== null)) {
    if (c.order || c.limit) return null;
    const inner = aggregates.map((a, i) => `${a!.expr} AS p${i}`).join(', ');
    const outer = aggregates.map((a, i) => `${combined[a!.combine](`p${i}`)} AS ${quoteLabel(a!.label)}`).join(', ');
    const union = shards.map((s) => `SELECT ${inner} FROM ${from(s)}${where}${lock}`).join(' UNION ALL ');
    return `SELECT ${outer} FROM (${union}) AS partials`;
  }
  if (aggregates.some((a) => a !== null) || tokens.some((t) => t.kind === 'word' && aggregateNames.has(t.value) && isPunct(tokens[tokens.indexOf(t) + 1], '('))) return null;
  const selected = slice(text, tokens, c.select);
  let perShard = '';
  let outerTail = '';
  if (c.order) {
    const selectAll = list.length === 1 && list[0]!.length === 1 && isPunct(list[0]![0], '*');
    // ORDER BY names plain columns the shards return, so the outer query orders the union by the same names.
    const columns = selectAll ? null : list.map((item) => (item.length === 1 && item[0]!.kind !== 'string' ? item[0]!.ident?.toLowerCase() ?? null : null));
    const orderItems = items(tokens, [c.order[0] + 1, c.order[1]]);
    if (!orderItems.every((item) => plainOrderItem(item) && (!columns || columns.includes(item[0]!.ident!.toLowerCase())))) return null;
    const order = slice(text, tokens, c.order).replace(/^BY\s+/i, '');
    outerTail = ` ORDER BY ${order}`;
    if (c.limit) {
      const limit = limitOf(tokens, c.limit);
      if (!limit) return null;
      perShard = ` ORDER BY ${order} LIMIT ${limit.offset + limit.count}`;
      outerTail += ` LIMIT ${limit.count}${limit.offset ? ` OFFSET ${limit.offset}` : ''}`;
    }
  } else if (c.limit) {
    // A LIMIT without ORDER BY takes any rows: at most that many from each shard, then the limit.
    const limit = limitOf(tokens, c.limit);
    if (!limit) return null;
    perShard = ` LIMIT ${limit.offset + limit.count}`;
    outerTail = ` LIMIT ${limit.count}${limit.offset ? ` OFFSET ${limit.offset}` : ''}`;
  }
  const union = shards.map((s) => `(SELECT ${selected} FROM ${from(s)}${where}${perShard}${lock})`).join(' UNION ALL ');
  return `SELECT * FROM (${union}) AS ${quoteLabel(ref.alias ?? ref.name)}${outerTail}`;
}

const aggregateNames = new Set(['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'GROUP_CONCAT', 'STD', 'STDDEV', 'VARIANCE', 'BIT_AND', 'BIT_OR', 'BIT_XOR', 'JSON_ARRAYAGG', 'JSON_OBJECTAGG']);

/** `col` or `col ASC|DESC`. */
const plainOrderItem = (item: readonly Token[]) =>
  item.length >= 1 && item.length <= 2 && item[0]!.ident !== null && item[0]!.kind !== 'string' && (item.length === 1 || isWord(item[1], 'ASC', 'DESC'));

function limitOf(tokens: readonly Token[], [from, to]: [number, number]): { count: number; offset: number } | null {
  const t = tokens.slice(from, to);
  const n = (tok: Token | undefined) => (tok && tok.kind === 'number' && /^\d+$/.test(tok.text) ? Number(tok.text) : null);
  if (t.length === 1 && n(t[0]) !== null) return { count: n(t[0])!, offset: 0 };
  if (t.length === 3 && isPunct(t[1], ',') && n(t[0]) !== null && n(t[2]) !== null) return { count: n(t[2])!, offset: n(t[0])! };
  if (t.length === 3 && isWord(t[1], 'OFFSET') && n(t[0]) !== null && n(t[2]) !== null) return { count: n(t[0])!, offset: n(t[2])! };
  return null;
}

const slice = (text: string, tokens: readonly Token[], [from, to]: [number, number]) =>
  from < to ? text.slice(tokens[from]!.start, tokens[to - 1]!.end) : '';
