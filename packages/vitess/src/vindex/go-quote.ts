// Go's %q rendering of a string or byte slice, because Vitess puts it in error texts clients see
// (`vindexType "foo" not found`, `cannot normalize string containing invalid UTF-8: "\x99"`).

const escapes: Readonly<Record<number, string>> = {
  0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v', 0x22: '\\"', 0x5c: '\\\\',
};

const hex2 = (b: number) => `\\x${b.toString(16).padStart(2, '0')}`;

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there starts none. */
function utf8Length(bytes: Buffer, i: number): number {
  const b = bytes[i] ?? 0;
  const need = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (need === 0 || i + need > bytes.length) return 0;
  for (let k = 1; k < need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  const cp = [...bytes.subarray(i, i + need).toString('utf8')][0]?.codePointAt(0) ?? 0xfffd;
  // Overlong forms, surrogates and values past U+10FFFF decode to U+FFFD: not valid here.
  return cp === 0xfffd ? 0 : need;
}

export function goQuote(input: string | Buffer): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let out = '"';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      out += escapes[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : hex2(b));
      i += 1;
      continue;
    }
    const len = utf8Length(bytes, i);
    if (len === 0) {
      out += hex2(b);
      i += 1;
    } else {
      out += bytes.subarray(i, i + len).toString('utf8');
      i += len;
    }
  }
  return `${out}"`;
}
