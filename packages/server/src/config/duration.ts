// Durations as people write them in config files and flags: "500ms", "2s", "30m", "1h", "1h30m", or
// a plain number of milliseconds. This is LocalScale's own documented config format, not Go's
// time.ParseDuration (@localscale/vitess has that one, for what Vitess parses): a bare number means
// milliseconds, nothing may be negative, only ms/s/m/h exist, and surrounding spaces are forgiven.
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new Error(`invalid duration ${value}: must be a non-negative number of milliseconds`);
    return value;
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`invalid duration "${value}": use e.g. 500ms, 2s, 30m, 1h`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * unitMs[p[2]!]!, 0);
}

export const isDuration = (value: unknown): boolean => {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  try { parseDuration(value); return true; } catch { return false; }
};
