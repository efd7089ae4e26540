// Go's time.ParseDuration and Duration.String, because Vitess reads and prints strategy durations
// (`--cut-over-threshold=20s`, `--force-cut-over-after=1m30s`) with them.
const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or null when `text` is not a Go duration. */
export function parseGoDuration(text: string): number | null {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return null;
  let total = 0;
  const part = /^(\d*\.?\d*)([a-zµμ]+)/;
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m || m[1] === '' || m[1] === '.') return null;
    const unit = unitMs[m[2]!];
    if (unit === undefined) return null;
    total += Number(m[1]) * unit;
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** Go's Duration.String: `1h0m0s`, `1m30s`, `500ms`, `0s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  const abs = Math.abs(ms);
  let out: string;
  if (abs < 1000) {
    if (abs >= 1) out = `${trim(abs)}ms`;
    else if (abs >= 1e-3) out = `${trim(abs * 1e3)}µs`;
    else out = `${trim(abs * 1e6)}ns`;
  } else {
    const h = Math.floor(abs / 3_600_000);
    const m = Math.floor((abs % 3_600_000) / 60_000);
    const sec = (abs % 60_000) / 1000;
    out = h > 0 ? `${h}h${m}m${trim(sec)}s` : m > 0 ? `${m}m${trim(sec)}s` : `${trim(sec)}s`;
  }
  return neg ? `-${out}` : out;
}

const trim = (n: number) => String(Number(n.toFixed(9)));
