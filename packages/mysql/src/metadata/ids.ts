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
