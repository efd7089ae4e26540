// A small MySQL lexer: enough to find statement keywords, names and clause boundaries while keeping
// exact source offsets, so statements can be rewritten by splicing the original text.
export type TokenKind = 'word' | 'quoted' | 'string' | 'punct';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Unquoted value for `quoted` identifiers and strings; the text otherwise. */
  value: string;
  start: number;
  end: number;
}

export class SqlSyntaxError extends Error {}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#' || (c === '-' && sql[i + 1] === '-' && (i + 2 >= sql.length || /\s/.test(sql[i + 2]!)))) {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new SqlSyntaxError('unterminated comment');
      i = close + 2;
      continue;
    }
    if (c === '`' || c === "'" || c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new SqlSyntaxError(`unterminated ${c === '`' ? 'identifier' : 'string'}`);
        const d = sql[i]!;
        if (d === c) {
          if (sql[i + 1] === c) { value += c; i += 2; continue; }
          i++;
          break;
        }
        if (d === '\\' && c !== '`' && i + 1 < sql.length) { value += unescape(sql[i + 1]!); i += 2; continue; }
        value += d;
        i++;
      }
      tokens.push({ kind: c === '`' ? 'quoted' : 'string', text: sql.slice(start, i), value, start, end: i });
      continue;
    }
    if (/[\w$\u0080-\uffff]/.test(c)) {
      const start = i;
      while (i < sql.length && /[\w$\u0080-\uffff]/.test(sql[i]!)) i++;
      const text = sql.slice(start, i);
      tokens.push({ kind: 'word', text, value: text, start, end: i });
      continue;
    }
    tokens.push({ kind: 'punct', text: c, value: c, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

function unescape(c: string): string {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    default: return c;
  }
}

/** A read cursor over tokens with case-insensitive keyword matching. */
export class Cursor {
  pos = 0;
  constructor(readonly tokens: readonly Token[], readonly sql: string) {}

  peek(offset = 0): Token | undefined { return this.tokens[this.pos + offset]; }
  done(): boolean { return this.pos >= this.tokens.length; }

  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'word' && t.value.toUpperCase() === word;
  }

  isPunct(p: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'punct' && t.value === p;
  }

  /** Consumes the keyword sequence if present. */
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!this.isWord(words[k]!, k)) return false;
    this.pos += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) throw new SqlSyntaxError(`expected ${words.join(' ')} near '${this.near()}'`);
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw new SqlSyntaxError('unexpected end of statement');
    this.pos++;
    return t;
  }

  /** An identifier (bare word or backtick-quoted). */
  identifier(): Token {
    const t = this.next();
    if (t.kind !== 'word' && t.kind !== 'quoted') throw new SqlSyntaxError(`expected a name near '${t.text}'`);
    return t;
  }

  /** `name` or `qualifier.name`. */
  qualifiedName(): QualifiedName {
    const first = this.identifier();
    if (this.isPunct('.')) {
      this.pos++;
      const second = this.identifier();
      return { qualifier: first.value, name: second.value, start: first.start, end: second.end };
    }
    return { qualifier: null, name: first.value, start: first.start, end: first.end };
  }

  /** Offset in the source where the current token starts (or the end of the text). */
  offset(): number { return this.peek()?.start ?? this.sql.length; }

  near(): string { return this.sql.slice(this.offset(), this.offset() + 30); }
}

export interface QualifiedName { qualifier: string | null; name: string; start: number; end: number }
