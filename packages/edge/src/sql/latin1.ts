// The edge holds client SQL as latin1 strings (one character per byte), so offsets are byte offsets
// and statements can be cut and re-joined without re-encoding; the shared lexer decodes the values it
// reports from those bytes as UTF-8.
import { latin1Text, Lexer, quoteIdentifier, type Token } from '@localscale/mysql';

export const latin1Lexer = (text: string, start = 0, end = text.length): Lexer => new Lexer(text, start, end, latin1Text);

/** Every token of [start, end) of a latin1 text. */
export function latin1Tokens(text: string, start = 0, end = text.length): Token[] {
  const lx = latin1Lexer(text, start, end);
  const out: Token[] = [];
  for (let t = lx.next(); t; t = lx.next()) out.push(t);
  return out;
}

/** A quoted identifier for MySQL, latin1-encoded like the rest of the query. */
export const latin1Identifier = (name: string): string => Buffer.from(quoteIdentifier(name), 'utf8').toString('latin1');
