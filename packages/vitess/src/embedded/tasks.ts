// Long-running work the engine owns (row copies, blocking `mysql`-strategy ALTERs), by migration and
// shard, so CANCEL can stop it and wait for it before touching its tables.
import { shardKey } from './context.js';

interface Task { controller: AbortController; done: Promise<void> }

export class TaskRegistry {
  private readonly tasks = new Map<string, Task>();

  start(uuid: string, shard: string, work: (signal: AbortSignal) => Promise<void>): void {
    const key = shardKey(uuid, shard);
    const controller = new AbortController();
    const done = work(controller.signal).finally(() => {
      if (this.tasks.get(key)?.controller === controller) this.tasks.delete(key);
    });
    this.tasks.set(key, { controller, done: done.catch(() => undefined) });
  }

  has(uuid: string, shard: string): boolean {
    return this.tasks.has(shardKey(uuid, shard));
  }

  /** Stops a task and waits until it has let go; true if there was one. */
  async stop(uuid: string, shard: string): Promise<boolean> {
    const task = this.tasks.get(shardKey(uuid, shard));
    if (!task) return false;
    task.controller.abort();
    await task.done;
    return true;
  }

  async stopAll(): Promise<void> {
    const all = [...this.tasks.values()];
    for (const t of all) t.controller.abort();
    await Promise.all(all.map((t) => t.done));
  }

  get size(): number { return this.tasks.size; }
}
