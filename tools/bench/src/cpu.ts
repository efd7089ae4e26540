// CPU time from Linux /proc: of the calling thread (which side of a benchmark spends the CPU, the client
// in its worker or LocalScale in the main thread; process.cpuUsage() would add up every thread), and
// the one reading of a stat line that serve.ts's cpuMs (a whole process) shares.
import { readFileSync } from 'node:fs';

/** User + system time in a /proc/<pid>/stat (or task stat) line, in ms; NaN when it is not one. */
export function statCpuMs(stat: string): number {
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th, in clock ticks (100 a second).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.length > 12 ? (Number(fields[11]) + Number(fields[12])) * 10 : NaN;
}

/** User + system CPU of the calling thread, in ms (NaN where /proc is missing). */
export function threadCpuMs(): number {
  try {
    return statCpuMs(readFileSync('/proc/thread-self/stat', 'utf8'));
  } catch {
    return NaN;
  }
}
