// Password scrambles of the two authentication plugins MySQL clients use, computed on the client side
// (towards the upstream server) and verified on the server side (from clients) against stored digests
// only: the edge never needs a plain-text password to check one.
//
// mysql_native_password:  token = SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw)))
// caching_sha2_password:  token = SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce)  (the "fast auth" scramble)
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type AuthPlugin = 'mysql_native_password' | 'caching_sha2_password';
export const authPlugins: readonly AuthPlugin[] = ['mysql_native_password', 'caching_sha2_password'];

/** What a credential stores to verify one plugin's scramble: the plugin's double hash of the password. */
export interface PasswordVerifier {
  kind: AuthPlugin;
  /** mysql_native_password: SHA1(SHA1(password)); caching_sha2_password: SHA256(SHA256(password)). */
  stage2: Buffer;
}

const digest = (algorithm: 'sha1' | 'sha256', ...parts: Buffer[]) => {
  const h = createHash(algorithm);
  for (const p of parts) h.update(p);
  return h.digest();
};

const algorithmOf = (plugin: AuthPlugin) => (plugin === 'mysql_native_password' ? 'sha1' : 'sha256');

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i % b.length]!;
  return out;
}

/** The digests to store for a new password: one verifier per plugin. */
export function passwordVerifiers(password: string): PasswordVerifier[] {
  return authPlugins.map((kind) => {
    const algorithm = algorithmOf(kind);
    return { kind, stage2: digest(algorithm, digest(algorithm, Buffer.from(password, 'utf8'))) };
  });
}

/** The client's response to a nonce; empty for an empty password, as clients send it. */
export function scramble(plugin: AuthPlugin, password: string, nonce: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const algorithm = algorithmOf(plugin);
  const stage1 = digest(algorithm, Buffer.from(password, 'utf8'));
  const stage2 = digest(algorithm, stage1);
  const mask = plugin === 'mysql_native_password' ? digest(algorithm, nonce, stage2) : digest(algorithm, stage2, nonce);
  return xor(stage1, mask);
}

/** Checks a client's token against the stored double hash. */
export function verifyScramble(verifier: PasswordVerifier, nonce: Buffer, token: Buffer): boolean {
  const algorithm = algorithmOf(verifier.kind);
  const size = algorithm === 'sha1' ? 20 : 32;
  if (token.length !== size || verifier.stage2.length !== size) return false;
  const mask = verifier.kind === 'mysql_native_password' ? digest(algorithm, nonce, verifier.stage2) : digest(algorithm, verifier.stage2, nonce);
  const stage1 = xor(token, mask);
  return timingSafeEqual(digest(algorithm, stage1), verifier.stage2);
}

/** 20 random bytes without NUL (clients treat the nonce as a C string), as MySQL generates them. */
export function nonce(): Buffer {
  const out = randomBytes(20);
  for (let i = 0; i < out.length; i++) out[i] = (out[i]! % 127) + 1;
  return out;
}
