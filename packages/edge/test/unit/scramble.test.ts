import { describe, expect, it } from 'vitest';
import { nonce, passwordVerifiers, scramble, verifyScramble } from '../../src/auth/scramble.js';

describe('password scrambles', () => {
  const [native, sha2] = passwordVerifiers('s3cret');

  it('stores one double hash per plugin', () => {
    expect(native).toMatchObject({ kind: 'mysql_native_password' });
    expect(native!.stage2).toHaveLength(20);
    expect(sha2).toMatchObject({ kind: 'caching_sha2_password' });
    expect(sha2!.stage2).toHaveLength(32);
    // SHA1(SHA1('s3cret')), as MySQL stores it in mysql.user (without the leading '*').
    expect(native!.stage2.toString('hex')).toBe('b865cae8f340f6ce1485a06f4492bb49718df1ec');
  });

  it('verifies the right password and refuses a wrong one, for both plugins', () => {
    for (const v of [native!, sha2!]) {
      const n = nonce();
      expect(verifyScramble(v, n, scramble(v.kind, 's3cret', n))).toBe(true);
      expect(verifyScramble(v, n, scramble(v.kind, 'S3cret', n))).toBe(false);
      expect(verifyScramble(v, nonce(), scramble(v.kind, 's3cret', n))).toBe(false);
      expect(verifyScramble(v, n, Buffer.alloc(0))).toBe(false);
      expect(verifyScramble(v, n, Buffer.alloc(7))).toBe(false);
    }
  });

  it('sends an empty token for an empty password', () => {
    expect(scramble('mysql_native_password', '', nonce())).toHaveLength(0);
  });

  it('makes nonces of 20 bytes without NUL', () => {
    for (let i = 0; i < 50; i++) {
      const n = nonce();
      expect(n).toHaveLength(20);
      expect(n.includes(0)).toBe(false);
    }
  });
});
