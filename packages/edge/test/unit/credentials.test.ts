// The short-lived trust in looked-up credentials behind MySQL logins: one lookup per burst of
// connections, nothing kept that was not found, and a forgotten (deleted) credential never comes back.
import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../src/session/credentials.js';
import type { Credential } from '../../src/types.js';

const credential = (username: string): Credential => ({
  username, verifiers: [], role: 'reader', expiresAt: null,
  branch: { organization: 'o', database: 'd', branch: 'main', production: false, safeMigrations: false, keyspaces: [] },
});

describe('CredentialCache', () => {
  it('looks a found credential up once while it is trusted, and an unknown one every time', async () => {
    const lookups: string[] = [];
    const known = new Map([['u1', credential('u1')]]);
    const cache = new CredentialCache(async (u) => { lookups.push(u); return known.get(u) ?? null; }, 60_000);
    expect(await cache.get('u1')).toBe(known.get('u1'));
    expect(await cache.get('u1')).toBe(known.get('u1'));
    expect(await cache.get('ghost')).toBeNull();
    known.set('ghost', credential('ghost'));
    expect(await cache.get('ghost')).toBe(known.get('ghost'));
    expect(lookups).toEqual(['u1', 'ghost', 'ghost']);
  });

  it('forgets at once, and does not keep a lookup that was in flight when something was forgotten', async () => {
    let release: (c: Credential | null) => void = () => undefined;
    const cache = new CredentialCache(() => new Promise((resolve) => { release = resolve; }), 60_000);
    const pending = cache.get('u1');
    cache.forget('u1');
    release(credential('u1'));
    expect((await pending)?.username).toBe('u1');
    const next = cache.get('u1'); // not kept: looked up again
    release(null);
    expect(await next).toBeNull();
  });

  it('with no time to trust, looks every connection up', async () => {
    let n = 0;
    const cache = new CredentialCache(async (u) => { n++; return credential(u); }, 0);
    await cache.get('u1');
    await cache.get('u1');
    expect(n).toBe(2);
  });
});
