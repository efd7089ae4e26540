// A read cursor over a statement's tokens, with the lookahead and offsets that parsers which rewrite
// statements by splicing the original text need (the streaming Lexer looks one token ahead only).
import type { TokenStream } from './ddl-head.js';
import { isPunct, isWord, SqlSyntaxError, tokenize, type Token } from './lexer.js';

export class Cursor implements TokenStream {
  pos = 0;
  constructor(readonly tokens: readonly Token[], readonly sql: string) {}

  /** A cursor over every token of `sql` (throws SqlSyntaxError when something never closes). */
  static of(sql: string): Cursor { return new Cursor(tokenize(sql), sql); }

  peek(offset = 0): Token | null { return this.tokens[this.pos + offset] ?? null; }
  done(): boolean { return this.pos >= this.tokens.length; }

  isWord(word: string, offset = 0): boolean { return isWord(this.peek(offset), word); }
  isPunct(p: string, offset = 0): boolean { return isPunct(this.peek(offset), p); }

  /** Consumes the keyword sequence if present. */
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!this.isWord(words[k]!, k)) return false;
    this.pos += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) throw new SqlSyntaxError(`expected ${words.join(' ')} near '${this.near()}'`);
  }

  next(): Token | null {
    const t = this.tokens[this.pos] ?? null;
    if (t) this.pos++;
    return t;
  }

  /** Offset in the source where the current token starts (or the end of the text). */
  offset(): number { return this.peek()?.start ?? this.sql.length; }

  near(): string { return this.sql.slice(this.offset(), this.offset() + 30); }
}
