// WHERE expressions for SHOW statements the edge answers itself (SHOW VITESS_MIGRATIONS WHERE ...,
// SHOW DATABASES WHERE ...): the tablet passes the expression to MySQL, so the edge evaluates the same
// subset clients use (comparisons, IN, LIKE, BETWEEN, IS NULL, AND/OR/XOR/NOT) with MySQL's semantics:
// three-valued logic, numeric comparison when either side is a number, case-insensitive strings.
import { SqlError } from '../errors.js';
import { identifierOf, type Lexer, type Token } from '@localscale/mysql';

type Value = string | number | null;
export type Row = Readonly<Record<string, Value>>;

export type Expr =
  | { t: 'col'; name: string }
  | { t: 'lit'; v: Value }
  | { t: 'not'; e: Expr }
  | { t: 'and' | 'or' | 'xor'; a: Expr; b: Expr }
  | { t: 'cmp'; op: string; a: Expr; b: Expr }
  | { t: 'in'; e: Expr; list: Expr[]; not: boolean }
  | { t: 'like'; e: Expr; pattern: Expr; not: boolean }
  | { t: 'isnull'; e: Expr; not: boolean }
  | { t: 'between'; e: Expr; lo: Expr; hi: Expr; not: boolean };

export const syntaxError = (lexer: Lexer, t: Token | null) =>
  new SqlError(1064, '42000', `syntax error at position ${t ? t.end + 1 : lexer.end + 1}${t ? ` near '${t.text}'` : ''}`);

/** Parses an expression running to the end of the lexer's range; column names are checked against `columns`. */
export function parseWhere(lexer: Lexer, columns: readonly string[]): Expr {
  const known = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const p = new Parser(lexer, known);
  const e = p.or();
  const rest = lexer.next();
  if (rest) throw syntaxError(lexer, rest);
  return e;
}

class Parser {
  constructor(private readonly lx: Lexer, private readonly columns: Map<string, string>) {}

  or(): Expr {
    let a = this.xor();
    while (this.lx.acceptWord('OR') || this.lx.acceptPunct('||')) a = { t: 'or', a, b: this.xor() };
    return a;
  }

  private xor(): Expr {
    let a = this.and();
    while (this.lx.acceptWord('XOR')) a = { t: 'xor', a, b: this.and() };
    return a;
  }

  private and(): Expr {
    let a = this.not();
    while (this.lx.acceptWord('AND') || this.lx.acceptPunct('&&')) a = { t: 'and', a, b: this.not() };
    return a;
  }

  private not(): Expr {
    if (this.lx.acceptWord('NOT') || this.lx.acceptPunct('!')) return { t: 'not', e: this.not() };
    return this.predicate();
  }

  private predicate(): Expr {
    const e = this.operand();
    for (;;) {
      const t = this.lx.peek();
      if (t && t.kind === 'punct' && ['=', '!=', '<>', '<', '<=', '>', '>=', '<=>'].includes(t.text)) {
        this.lx.next();
        return { t: 'cmp', op: t.text === '<>' ? '!=' : t.text, a: e, b: this.operand() };
      }
      if (this.lx.acceptWord('IS')) {
        const not = this.lx.acceptWord('NOT') !== null;
        if (!this.lx.acceptWord('NULL')) throw syntaxError(this.lx, this.lx.peek());
        return { t: 'isnull', e, not };
      }
      const not = this.lx.acceptWord('NOT') !== null;
      if (this.lx.acceptWord('IN')) {
        if (!this.lx.acceptPunct('(')) throw syntaxError(this.lx, this.lx.peek());
        const list: Expr[] = [this.operand()];
        while (this.lx.acceptPunct(',')) list.push(this.operand());
        if (!this.lx.acceptPunct(')')) throw syntaxError(this.lx, this.lx.peek());
        return { t: 'in', e, list, not };
      }
      if (this.lx.acceptWord('LIKE')) return { t: 'like', e, pattern: this.operand(), not };
      if (this.lx.acceptWord('BETWEEN')) {
        const lo = this.operand();
        if (!this.lx.acceptWord('AND')) throw syntaxError(this.lx, this.lx.peek());
        return { t: 'between', e, lo, hi: this.operand(), not };
      }
      if (not) throw syntaxError(this.lx, this.lx.peek());
      return e;
    }
  }

  private operand(): Expr {
    const t = this.lx.next();
    if (!t) throw syntaxError(this.lx, t);
    if (t.kind === 'punct' && t.text === '(') {
      const e = this.or();
      if (!this.lx.acceptPunct(')')) throw syntaxError(this.lx, this.lx.peek());
      return e;
    }
    if (t.kind === 'punct' && t.text === '-') {
      const n = this.lx.next();
      if (!n || n.kind !== 'number') throw syntaxError(this.lx, n);
      return { t: 'lit', v: -Number(n.text) };
    }
    if (t.kind === 'string') return { t: 'lit', v: t.value };
    if (t.kind === 'number') return { t: 'lit', v: Number(t.text) };
    if (t.kind === 'word' && t.value === 'NULL') return { t: 'lit', v: null };
    if (t.kind === 'word' && (t.value === 'TRUE' || t.value === 'FALSE')) return { t: 'lit', v: t.value === 'TRUE' ? 1 : 0 };
    const name = identifierOf(t);
    if (name === null) throw syntaxError(this.lx, t);
    const column = this.columns.get(name.toLowerCase());
    if (!column) throw new SqlError(1054, '42S22', `Unknown column '${name}' in 'where clause'`);
    return { t: 'col', name: column };
  }
}

type Tri = boolean | null;

const toNumber = (v: string | number) => (typeof v === 'number' ? v : Number.parseFloat(v) || 0);

function compare(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a), y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = a.toLowerCase(), y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) { re += escapeRe(pattern[++i]!); continue; }
    re += ch === '%' ? '.*' : ch === '_' ? '.' : escapeRe(ch);
  }
  return new RegExp(`^${re}$`, 'is');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function value(e: Expr, row: Row): Value {
  if (e.t === 'col') return row[e.name] ?? null;
  if (e.t === 'lit') return e.v;
  const b = test(e, row);
  return b === null ? null : b ? 1 : 0;
}

const truthy = (v: Value): Tri => (v === null ? null : toNumber(v) !== 0);
const negate = (v: Tri, not: boolean): Tri => (v === null ? null : not ? !v : v);

/** MySQL's truth value of an expression for one row (null is UNKNOWN). */
export function test(e: Expr, row: Row): Tri {
  switch (e.t) {
    case 'col':
    case 'lit':
      return truthy(value(e, row));
    case 'not': {
      const v = test(e.e, row);
      return v === null ? null : !v;
    }
    case 'and': {
      const a = test(e.a, row), b = test(e.b, row);
      if (a === false || b === false) return false;
      return a === null || b === null ? null : true;
    }
    case 'or': {
      const a = test(e.a, row), b = test(e.b, row);
      if (a === true || b === true) return true;
      return a === null || b === null ? null : false;
    }
    case 'xor': {
      const a = test(e.a, row), b = test(e.b, row);
      return a === null || b === null ? null : a !== b;
    }
    case 'cmp': {
      const a = value(e.a, row), b = value(e.b, row);
      if (e.op === '<=>') return a === null || b === null ? a === b : compare(a, b) === 0;
      const c = compare(a, b);
      if (c === null) return null;
      switch (e.op) {
        case '=': return c === 0;
        case '!=': return c !== 0;
        case '<': return c < 0;
        case '<=': return c <= 0;
        case '>': return c > 0;
        default: return c >= 0;
      }
    }
    case 'in': {
      const v = value(e.e, row);
      if (v === null) return null;
      let sawNull = false;
      for (const item of e.list) {
        const c = compare(v, value(item, row));
        if (c === 0) return negate(true, e.not);
        if (c === null) sawNull = true;
      }
      return sawNull ? null : negate(false, e.not);
    }
    case 'like': {
      const v = value(e.e, row), p = value(e.pattern, row);
      if (v === null || p === null) return null;
      return negate(likeToRegExp(String(p)).test(String(v)), e.not);
    }
    case 'isnull':
      return negate(value(e.e, row) === null, e.not);
    case 'between': {
      const v = value(e.e, row);
      const lo = compare(v, value(e.lo, row)), hi = compare(v, value(e.hi, row));
      if (lo === null || hi === null) return null;
      return negate(lo >= 0 && hi <= 0, e.not);
    }
  }
}
