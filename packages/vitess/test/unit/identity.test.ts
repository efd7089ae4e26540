import { describe, expect, it } from 'vitest';
import { isMigrationUuid, newMigrationUuid } from '../../src/embedded/identity.js';
import { artifactList, holdTableName, parseGcTableName, parseTriggerName, prependArtifact, shadowTableName, triggerName } from '../../src/embedded/names.js';

describe('migration UUIDs', () => {
  it('are version-1 UUIDs written with underscores, distinct and time-ordered within a millisecond', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const a = newMigrationUuid(at), b = newMigrationUuid(at);
    expect(a).toMatch(/^[0-9a-f]{8}_[0-9a-f]{4}_1[0-9a-f]{3}_[89ab][0-9a-f]{3}_[0-9a-f]{12}$/);
    expect(isMigrationUuid(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(isMigrationUuid('a0638f6b-ec7b-11ea-9bf8-000d3a9b8a9a')).toBe(false);
  });
});

describe('artifact and trigger names', () => {
  const uuid = 'a0638f6b_ec7b_11ea_9bf8_000d3a9b8a9a';
  it('names shadow and hold tables as Vitess v20+ does', () => {
    const at = new Date('2024-05-06T07:08:09Z');
    expect(shadowTableName(uuid, at)).toBe('_vt_vrp_a0638f6bec7b11ea9bf8000d3a9b8a9a_20240506070809_');
    expect(holdTableName(uuid, at)).toBe('_vt_hld_a0638f6bec7b11ea9bf8000d3a9b8a9a_20240506070809_');
    expect(parseGcTableName('_vt_hld_a0638f6bec7b11ea9bf8000d3a9b8a9a_20240506070809_')).toEqual({ state: 'hld', hex: 'a0638f6bec7b11ea9bf8000d3a9b8a9a', timestamp: at });
    expect(parseGcTableName('_vt_HOLD_a0638f6bec7b11ea9bf8000d3a9b8a9a_20240506070809')!.state).toBe('hold');
    expect(parseGcTableName('orders')).toBeNull();
  });

  it('keeps artifacts newest first with a trailing comma', () => {
    expect(prependArtifact(prependArtifact('', 'a'), 'b')).toBe('b,a,');
    expect(artifactList('b,a,')).toEqual(['b', 'a']);
  });

  it('round-trips trigger names', () => {
    expect(triggerName(uuid, 's', 'u')).toBe('_vt_a0638f6bec7b11ea9bf8000d3a9b8a9a_s_u');
    expect(parseTriggerName('_vt_a0638f6bec7b11ea9bf8000d3a9b8a9a_s_u')).toEqual({ hex: 'a0638f6bec7b11ea9bf8000d3a9b8a9a', side: 's', event: 'u' });
    expect(parseTriggerName('my_trigger')).toBeNull();
  });
});
