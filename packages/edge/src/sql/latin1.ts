// The edge holds client SQL as latin1 strings (one character per byte), so offsets are byte offsets
// and statements can be cut and re-joined without re-encoding; the shared lexer decodes the values it
// reports from those bytes as UTF-8.
import { latin1Text, Lexer } from '@localscale/mysql';

export const latin1Lexer = (text: string, start = 0, end = text.length): Lexer => new Lexer(text, start, end, latin1Text);
