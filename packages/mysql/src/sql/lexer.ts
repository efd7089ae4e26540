// The one MySQL/Vitess SQL lexer. Every reader of SQL text in LocalScale (the edge's statement
// analysis, the embedded engine's DDL parser, the differ's reader of canonical DDL) tokenizes here,
// so they agree on what a string, an identifier, a comment or a statement boundary is.
//
// It knows MySQL's quoting (strings with backslash escapes and doubled quotes, backticked
// identifiers), its three comment styles, and executable comments (`/*! ... */`, `/*M! ... */`),
// whose contents MySQL runs and which are therefore read as code.
//
// Offsets are string indexes. The edge hands in latin1 strings (one character per byte, so offsets
// are byte offsets and a statement can be cut and re-joined without re-encoding) and asks for values
// to be decoded as UTF-8 (`latin1Text`); everyone else hands in ordinary strings (`plainText`).

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'variable' | 'punct';

export interface Token {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  /** Unquoted content for `quoted` and `string`; upper-cased text for `word`; the text otherwise. */
  value: string;
  /** The identifier the token names (a bare word or a backticked name), decoded; null for other kinds. */
  ident: string | null;
  start: number;
  end: number;
}

/** How the text's characters are turned into the values tokens report. */
export interface TextEncoding {
  decode(raw: string): string;
}

/** Ordinary JavaScript strings: values are the characters as they are. */
export const plainText: TextEncoding = { decode: (raw) => raw };

/** Text lexed as latin1 (bytes), whose values are read back as the UTF-8 they normally are. */
export const latin1Text: TextEncoding = { decode: (raw) => utf8(raw) };

export const utf8 = (latin1: string): string => (/[\x80-\xff]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1);

/** A statement whose text cannot be tokenized (an unterminated string, identifier or comment). */
export class SqlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

const isWordChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c >= 0x80;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;

/** End of a quoted run starting at `i` (on the opening quote): one past the closing quote, or -1 when it never closes. */
export function quotedEnd(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  const escapes = quote !== 0x60;
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 0x5c && escapes) { j += 2; continue; }
    if (c === quote) {
      if (text.charCodeAt(j + 1) === quote) { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  return -1;
}

/** Like `quotedEnd`, but an unterminated run ends at the text's end (as MySQL reads it before failing). */
export const skipQuoted = (text: string, i: number): number => {
  const end = quotedEnd(text, i);
  return end === -1 ? text.length : end;
};

/** What trivia skipping has seen: open executable comments, and whether a comment never closed. */
export interface TriviaState {
  exec: number;
  unclosedComment?: boolean;
}

/**
 * Skips whitespace and comments from `i`. Executable comment markers are skipped too (their content is
 * code) unless `enterCode` is false; `state.exec` counts open executable comments so their closing `*\/`
 * is skipped as well.
 */
export function skipTrivia(text: string, i: number, state: TriviaState, enterCode = true): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    if (c === 0x23) { i = lineEnd(text, i); continue; }
    if (c === 0x2d && text.charCodeAt(i + 1) === 0x2d && (i + 2 >= text.length || isSpace(text.charCodeAt(i + 2)) || text.charCodeAt(i + 2) < 0x20)) {
      i = lineEnd(text, i);
      continue;
    }
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const bang = text.charCodeAt(i + 2) === 0x21 ? i + 3 : text.startsWith('M!', i + 2) ? i + 4 : -1;
      if (bang !== -1) {
        if (!enterCode) return i;
        let j = bang;
        while (isDigit(text.charCodeAt(j))) j++;
        state.exec += 1;
        i = j;
        continue;
      }
      const end = text.indexOf('*/', i + 2);
      if (end === -1) state.unclosedComment = true;
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    if (c === 0x2a && text.charCodeAt(i + 1) === 0x2f && state.exec > 0) { state.exec -= 1; i += 2; continue; }
    return i;
  }
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}

const operators = ['<=>', '->>', '<=', '>=', '<>', '!=', '||', '&&', ':=', '->'];

const doubledQuote: Readonly<Record<string, RegExp>> = { "'": /''/g, '"': /""/g, '`': /``/g };

function unquote(raw: string, closed: boolean): string {
  const q = raw[0]!;
  const inner = closed ? raw.slice(1, -1) : raw.slice(1);
  // Most strings and names hold neither their quote nor a backslash: nothing to undo.
  if (!inner.includes(q) && (q === '`' || !inner.includes('\\'))) return inner;
  const undoubled = inner.replace(doubledQuote[q]!, q);
  if (q === '`') return undoubled;
  return undoubled.replace(/\\(.)/gs, (_m, ch: string) => escapeValue(ch));
}

function escapeValue(ch: string): string {
  switch (ch) {
    case '0': return '\0';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'Z': return '\x1a';
    // MySQL keeps these two escapes as written, so LIKE patterns still see them.
    case '%': return '\\%';
    case '_': return '\\_';
    default: return ch;
  }
}

/** Reads tokens one at a time between `start` and `end` of a text. */
export class Lexer {
  private pos: number;
  private readonly trivia: TriviaState = { exec: 0 };
  private peeked: Token | null | undefined;
  /** Set once the lexer has met a string, identifier or comment that never closes. */
  unterminated: 'string' | 'identifier' | 'comment' | null = null;

  constructor(readonly text: string, start = 0, readonly end = text.length, private readonly encoding: TextEncoding = plainText) {
    this.pos = start;
  }

  peek(): Token | null {
    if (this.peeked === undefined) this.peeked = this.read();
    return this.peeked;
  }

  next(): Token | null {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /** Consumes the next token if it is one of the given words (upper-case). */
  acceptWord(...words: string[]): string | null {
    const t = this.peek();
    if (t && t.kind === 'word' && words.includes(t.value)) { this.next(); return t.value; }
    return null;
  }

  acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t && t.kind === 'punct' && t.text === p) { this.next(); return true; }
    return false;
  }

  private read(): Token | null {
    const { text } = this;
    const i = skipTrivia(text, this.pos, this.trivia);
    if (this.trivia.unclosedComment) this.unterminated ??= 'comment';
    if (i >= this.end) { this.pos = this.end; return null; }
    const c = text.charCodeAt(i);
    let j: number;
    let kind: TokenKind;
    let closed = true;
    if (c === 0x27 || c === 0x22 || c === 0x60) {
      const q = quotedEnd(text, i);
      closed = q !== -1 && q <= this.end;
      if (!closed) this.unterminated ??= c === 0x60 ? 'identifier' : 'string';
      j = closed ? q : this.end;
      kind = c === 0x60 ? 'quoted' : 'string';
    } else if (c === 0x40) {
      j = i + 1;
      if (text.charCodeAt(j) === 0x40) j++;
      const q = text.charCodeAt(j);
      if (q === 0x27 || q === 0x22 || q === 0x60) j = Math.min(skipQuoted(text, j), this.end);
      else while (j < this.end && (isWordChar(text.charCodeAt(j)) || text.charCodeAt(j) === 0x2e)) j++;
      kind = 'variable';
    } else if (isDigit(c) || (c === 0x2e && isDigit(text.charCodeAt(i + 1)))) {
      j = i;
      while (j < this.end && (isWordChar(text.charCodeAt(j)) || text.charCodeAt(j) === 0x2e)) j++;
      const raw = text.slice(i, j);
      kind = /^(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|0x[0-9a-f]+)$/i.test(raw) ? 'number' : 'word';
      if (kind === 'number' && /e$/i.test(raw) && (text[j] === '+' || text[j] === '-')) {
        j++;
        while (isDigit(text.charCodeAt(j))) j++;
      }
    } else if (isWordChar(c)) {
      j = i;
      while (j < this.end && isWordChar(text.charCodeAt(j))) j++;
      kind = 'word';
    } else {
      // Only these characters start a multi-character operator.
      const op = c === 0x3c || c === 0x2d || c === 0x3e || c === 0x21 || c === 0x7c || c === 0x26 || c === 0x3a
        ? operators.find((o) => text.startsWith(o, i)) : undefined;
      j = i + (op ? op.length : 1);
      kind = 'punct';
    }
    this.pos = j;
    const raw = text.slice(i, j);
    const value = kind === 'word' ? raw.toUpperCase() : kind === 'string' || kind === 'quoted' ? this.encoding.decode(unquote(raw, closed)) : raw;
    const ident = kind === 'quoted' ? value : kind === 'word' ? this.encoding.decode(raw) : null;
    return { kind, text: raw, value, ident, start: i, end: j };
  }
}

/** The identifier a token names, if it is one (bare word or backticked). */
export const identifierOf = (t: Token | null | undefined): string | null => t?.ident ?? null;

/** Every token of `text`; throws SqlSyntaxError when a string, identifier or comment never closes. */
export function tokenize(text: string, encoding: TextEncoding = plainText): Token[] {
  const lx = new Lexer(text, 0, text.length, encoding);
  const out: Token[] = [];
  for (let t = lx.next(); t; t = lx.next()) out.push(t);
  if (lx.unterminated) throw new SqlSyntaxError(`unterminated ${lx.unterminated}`);
  return out;
}

export const isWord = (t: Token | null | undefined, ...words: string[]): boolean =>
  !!t && t.kind === 'word' && words.includes(t.value);

export const isPunct = (t: Token | null | undefined, p: string): boolean => !!t && t.kind === 'punct' && t.text === p;
