// How big the runs are. CI runs the bounded sizes; `nx run reliability:heavy` (or
// LOCALSCALE_RELIABILITY_HEAVY=1) runs the heavy variants: bigger tables, more writers, more rounds.
export const heavy = process.env.LOCALSCALE_RELIABILITY_HEAVY === '1';

export const scale = heavy
  ? { rows: 200_000, writers: 8, writerPauseMs: 1, killRounds: 8, fuzzRunsPerRoute: 400, parallelDeploys: 50, databases: 40, branchRacers: 50 }
  : { rows: 20_000, writers: 4, writerPauseMs: 10, killRounds: 2, fuzzRunsPerRoute: 40, parallelDeploys: 50, databases: 20, branchRacers: 20 };

/** One line per finding for the run's summary (grep `[reliability]` in the output). */
export function note(what: string, numbers: Record<string, unknown>): void {
  console.log(`[reliability] ${what} ${JSON.stringify(numbers)}`);
}
