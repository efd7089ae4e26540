// Go's strconv.Unquote. Vitess passes each `--cut-over-threshold=`, `--force-cut-over-after=` and
// `--retain-artifacts=` value through it ("value is possibly quoted") and keeps the value unchanged
// when it is not a valid Go literal, so the rules decide which values reach ParseDuration.

const simpleEscapes: Readonly<Record<string, number>> = {
  a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, '\\': 0x5c, "'": 0x27, '"': 0x22,
};

const hexDigits: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

const isValidRune = (r: number) => r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff);

/**
 * One character or escape of a quoted literal at `i`: a code point (`rune`) or, for `\x` and octal
 * escapes, a raw byte. Null when Go's UnquoteChar fails.
 */
function unquoteChar(chars: readonly string[], i: number, quote: '"' | "'"):
  { rune: number; isByte: boolean; next: number } | null {
  const c = chars[i]!;
  if (c === quote) return null;
  if (c !== '\\') return { rune: c.codePointAt(0)!, isByte: false, next: i + 1 };
  const e = chars[i + 1];
  if (e === undefined) return null;
  const simple = simpleEscapes[e];
  if (simple !== undefined) {
    // \' only inside '...', \" only inside "...".
    if ((e === "'" || e === '"') && e !== quote) return null;
    return { rune: simple, isByte: false, next: i + 2 };
  }
  const width = hexDigits[e];
  if (width !== undefined) {
    const digits = chars.slice(i + 2, i + 2 + width).join('');
    if (digits.length !== width || !/^[0-9a-fA-F]+$/.test(digits)) return null;
    const value = parseInt(digits, 16);
    if (e === 'x') return { rune: value, isByte: true, next: i + 2 + width };
    if (!isValidRune(value)) return null;
    return { rune: value, isByte: false, next: i + 2 + width };
  }
  if (e >= '0' && e <= '7') {
    const digits = chars.slice(i + 1, i + 4).join('');
    if (!/^[0-7]{3}$/.test(digits)) return null;
    const value = parseInt(digits, 8);
    if (value > 255) return null;
    return { rune: value, isByte: true, next: i + 4 };
  }
  return null;
}

/** The string a Go quoted literal (`"..."`, `'.'` or a raw `` `...` ``) denotes, or null when `s` is not one. */
export function goUnquote(s: string): string | null {
  const chars = [...s];
  if (chars.length < 2) return null;
  const quote = chars[0]!;
  if (quote !== chars[chars.length - 1]) return null;
  const body = chars.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) return null;
    // Raw strings drop carriage returns.
    return body.filter((c) => c !== '\r').join('');
  }
  if (quote !== '"' && quote !== "'") return null;
  if (body.includes('\n')) return null;

  // Go strings are bytes: \x and octal escapes insert raw bytes, so collect UTF-8 and decode at the end
  // (a byte sequence that is not UTF-8 becomes U+FFFD, which ParseDuration rejects as Go would).
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let runes = 0;
  for (let i = 0; i < body.length;) {
    const read = unquoteChar(body, i, quote);
    if (read === null) return null;
    if (read.isByte) bytes.push(read.rune);
    else bytes.push(...encoder.encode(String.fromCodePoint(read.rune)));
    runes++;
    i = read.next;
  }
  // A single-quoted literal is exactly one character.
  if (quote === "'" && runes !== 1) return null;
  return new TextDecoder().decode(new Uint8Array(bytes));
}
