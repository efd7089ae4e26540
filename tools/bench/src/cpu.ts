// CPU time of the calling thread (Linux /proc): which side of a benchmark spends the CPU, the client in
// its worker or LocalScale in the main thread. process.cpuUsage() would add up every thread.
import { readFileSync } from 'node:fs';

const ticksPerMs = 0.1; // /proc reports in clock ticks of 10 ms (USER_HZ 100)

function cpuMsOf(statPath: string): number {
  try {
    const fields = readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  } catch {
    return NaN;
  }
}

/** User + system CPU of the calling thread, in ms (NaN where /proc is missing). */
export const threadCpuMs = (): number => cpuMsOf('/proc/thread-self/stat');

/** User + system CPU of another process, in ms (NaN where /proc is missing). */
export const processCpuMs = (pid: number): number => cpuMsOf(`/proc/${pid}/stat`);
