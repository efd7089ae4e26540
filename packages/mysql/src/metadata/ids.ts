import { randomBytes } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** PlanetScale-style opaque ids: 12 lowercase alphanumerics. */
export function newId(length = 12): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // Rejection sampling keeps every character equally likely.
  for (const b of bytes) {
    if (b >= 252) continue;
    out += alphabet[b % 36];
    if (out.length === length) return out;
  }
  return out + newId(length - out.length);
}

export const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random string over `alphabet`, every character equally likely (for secrets and usernames). */
export function randomText(alphabet: string, length: number): string {
  let out = '';
  while (out.length < length) for (const b of randomBytes(length * 2)) if (b < 248 - (248 % alphabet.length) && out.length < length) out += alphabet[b % alphabet.length];
  return out;
}
