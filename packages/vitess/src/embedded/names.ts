// Names of the tables and triggers the engine creates in a shard's database. Artifact names follow
// Vitess v20+ (`_vt_vrp_` shadow tables, `_vt_hld_` hold tables, 32 hex digits and a UTC timestamp);
// trigger names are LocalScale's own (Vitess uses binlogs, not triggers), keyed by the migration.
import { uuid32 } from './identity.js';

/** YYYYMMDDhhmmss, UTC. */
export function compactTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export const shadowTableName = (uuid: string, now: Date) => `_vt_vrp_${uuid32(uuid)}_${compactTimestamp(now)}_`;

/** A hold table: the timestamp says until when it is kept. */
export const holdTableName = (uuid: string, holdUntil: Date) => `_vt_hld_${uuid32(uuid)}_${compactTimestamp(holdUntil)}_`;

const gcTablePattern = /^_vt_(hld|prg|evc|drp|vrp)_([0-9a-f]{32})_(\d{14})_$/;
const legacyGcTablePattern = /^_vt_(HOLD|PURGE|EVAC|DROP)_([0-9a-f]{32})_(\d{14})$/;

export interface GcTableName { state: string; hex: string; timestamp: Date }

export function parseGcTableName(name: string): GcTableName | null {
  const m = gcTablePattern.exec(name) ?? legacyGcTablePattern.exec(name);
  if (!m) return null;
  const t = m[3]!;
  const timestamp = new Date(Date.UTC(+t.slice(0, 4), +t.slice(4, 6) - 1, +t.slice(6, 8), +t.slice(8, 10), +t.slice(10, 12), +t.slice(12, 14)));
  return { state: m[1]!.toLowerCase(), hex: m[2]!, timestamp };
}

export const isGcTableName = (name: string) => parseGcTableName(name) !== null;

/** Which copy of the data a trigger set writes to: the shadow during the copy, the other table after a swap. */
export type TriggerSide = 'f' | 's';
export type TriggerEvent = 'i' | 'u' | 'd';
export const triggerEvents: readonly TriggerEvent[] = ['i', 'u', 'd'];

export const triggerName = (uuid: string, side: TriggerSide, event: TriggerEvent) => `_vt_${uuid32(uuid)}_${side}_${event}`;

const triggerPattern = /^_vt_([0-9a-f]{32})_([fs])_([iud])$/;

export function parseTriggerName(name: string): { hex: string; side: TriggerSide; event: TriggerEvent } | null {
  const m = triggerPattern.exec(name);
  return m ? { hex: m[1]!, side: m[2] as TriggerSide, event: m[3] as TriggerEvent } : null;
}

/** Vitess's artifacts column: newest first, comma-separated, trailing comma. */
export const prependArtifact = (artifacts: string, name: string) => `${name},${artifacts}`;
export const artifactList = (artifacts: string) => artifacts.split(',').map((s) => s.trim()).filter(Boolean);
