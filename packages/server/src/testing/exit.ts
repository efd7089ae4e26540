// Servers the helper started in this process are stopped when the process ends, however it ends: a
// normal exit (synchronously: the private mysqld is told to shut down, the rest dies with us), or
// SIGINT/SIGTERM/SIGHUP (stopped properly, then the signal is raised again so the process ends as it
// would have). Listeners exist only while something is running, so nothing changes for a process
// that has stopped its servers.
export interface Owned {
  /** Best effort with no waiting, from the 'exit' event. */
  stopNow(): void;
  stop(): Promise<void>;
}

const owned = new Set<Owned>();
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const onExit = () => { for (const o of owned) o.stopNow(); };

function onSignal(signal: NodeJS.Signals): void {
  const stopping = [...owned];
  owned.clear();
  uninstall();
  void Promise.allSettled(stopping.map((o) => o.stop())).then(() => process.kill(process.pid, signal));
}

function install(): void {
  process.on('exit', onExit);
  for (const s of signals) process.on(s, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  for (const s of signals) process.off(s, onSignal);
}

export function own(o: Owned): void {
  if (owned.size === 0) install();
  owned.add(o);
}

export function disown(o: Owned): void {
  if (owned.delete(o) && owned.size === 0) uninstall();
}
