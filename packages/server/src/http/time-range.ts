// PlanetScale's `<start>..<end>` time-range query parameters (either end may be left out).
import { BadRequestError } from './errors.js';

export interface TimeRange { from: string | null; to: string | null }

export function parseTimeRange(name: string, value: string | undefined): TimeRange | undefined {
  if (value === undefined || value === '') return undefined;
  const parts = value.split('..');
  const bad = () => new BadRequestError(`Invalid query parameter: ${name} must be <start>..<end> with ISO-8601 times, e.g. 2026-01-01T00:00:00Z..2026-01-31T23:59:59Z`);
  if (parts.length !== 2) throw bad();
  const [from, to] = parts.map((p) => {
    if (p === '') return null;
    const t = Date.parse(p);
    if (!/^\d{4}-\d{2}-\d{2}/.test(p) || Number.isNaN(t)) throw bad();
    return new Date(t).toISOString();
  });
  if (from === null && to === null) throw bad();
  return { from: from!, to: to! };
}
