// One lane for everything that changes migration state (scheduler ticks, commands, cut-overs), so
// they never interleave. Row copies run outside it and only ever write their own progress.
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
