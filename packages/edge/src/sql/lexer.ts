// A MySQL lexer just deep enough for the edge: it finds statement boundaries and reads the leading
// words of a statement to classify it. It knows MySQL's quoting (strings with backslash escapes and
// doubled quotes, backticked identifiers), its three comment styles, and executable comments
// (`/*! ... */`, `/*M! ... */`), whose contents MySQL runs and the edge therefore reads as code.
//
// Texts are handled as latin1 strings (one character per byte), so offsets are byte offsets and a
// statement can be cut and re-joined without re-encoding whatever character set the client uses.

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'variable' | 'punct';

export interface Token {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  /** Unquoted content (as UTF-8) for `quoted` and `string`; upper-cased text for `word`; the text otherwise. */
  value: string;
  start: number;
  end: number;
}

const isWordChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c >= 0x80;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;

/** End of a quoted run starting at `i` (on the opening quote): one past the closing quote, or the text's end. */
export function skipQuoted(text: string, i: number): number {
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
  return n;
}

/**
 * Skips whitespace and comments from `i`. Executable comment markers are skipped too (their content is
 * code) unless `enterCode` is false; `state.exec` counts open executable comments so their closing `*\/`
 * is skipped as well.
 */
export function skipTrivia(text: string, i: number, state: { exec: number }, enterCode = true): number {
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

function unquote(raw: string): string {
  const q = raw[0]!;
  const inner = raw.endsWith(q) && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  if (q === '`') return inner.replace(/``/g, '`');
  return inner.replace(new RegExp(q + q, 'g'), q).replace(/\\(.)/gs, (_m, ch: string) => escapeValue(ch));
}

function escapeValue(ch: string): string {
  switch (ch) {
    case '0': return '\0';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'Z': return '\x1a';
    case '%': return '\\%';
    case '_': return '\\_';
    default: return ch;
  }
}

/** Reads tokens one at a time between `start` and `end` of a text. */
export class Lexer {
  private pos: number;
  private readonly trivia = { exec: 0 };
  private peeked: Token | null | undefined;

  constructor(readonly text: string, start = 0, readonly end = text.length) {
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

  /** Consumes the next token if it is the given word (case-insensitive). */
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
    if (i >= this.end) { this.pos = this.end; return null; }
    const c = text.charCodeAt(i);
    let j: number;
    let kind: TokenKind;
    if (c === 0x27 || c === 0x22) { j = Math.min(skipQuoted(text, i), this.end); kind = 'string'; }
    else if (c === 0x60) { j = Math.min(skipQuoted(text, i), this.end); kind = 'quoted'; }
    else if (c === 0x40) {
      j = i + 1;
      if (text.charCodeAt(j) === 0x40) j++;
      const q = text.charCodeAt(j);
      if (q === 0x27 || q === 0x22 || q === 0x60) j = skipQuoted(text, j);
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
      const op = operators.find((o) => text.startsWith(o, i));
      j = i + (op ? op.length : 1);
      kind = 'punct';
    }
    this.pos = j;
    const raw = text.slice(i, j);
    const value = kind === 'word' ? raw.toUpperCase() : kind === 'string' || kind === 'quoted' ? utf8(unquote(raw)) : raw;
    return { kind, text: raw, value, start: i, end: j };
  }
}

/** Text lexed as latin1 (bytes) read back as the UTF-8 it normally is. */
export const utf8 = (latin1: string): string => (/[\x80-\xff]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1);

/** The identifier a token names, if it is one (bare word or backticked). */
export const identifierOf = (t: Token | null): string | null =>
  !t ? null : t.kind === 'quoted' ? t.value : t.kind === 'word' ? utf8(t.text) : null;
