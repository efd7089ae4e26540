// The detached process behind `reuse`: runs one LocalScale until SIGTERM/SIGINT/SIGHUP and records
// where it is in the state file, which it removes again when it stops.
import { rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { version } from '../version.js';
import { clientAddresses, startInProcess } from './in-process.js';
import { daemonSpecVariable, readState, type DaemonSpec, type ReuseState } from './reuse.js';

const spec = JSON.parse(process.env[daemonSpecVariable] ?? 'null') as DaemonSpec | null;
if (!spec) throw new Error(`${daemonSpecVariable} is not set; this file is started by startLocalScale({ reuse })`);

// Runs before the helper's own signal handling stops the server: the state file must never point
// at a server that is going away. Synchronous, so nothing can overtake it.
// `once`, so that the signal the helper raises again after stopping finds no listener and ends us.
let started = false;
let ours = false;
const forget = () => {
  if (!ours) return;
  ours = false;
  try { rmSync(spec.statePath, { force: true }); } catch { /* best effort */ }
};
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    // Stopped before it was up: the next start reaps a half-started MySQL server by its owner record.
    if (!started) process.exit(1);
    forget();
  });
}
process.on('exit', forget);

const ls = await startInProcess(spec.raw, { mysqlUrl: spec.mysqlUrl, logLevel: spec.logLevel });
started = true;
const state: ReuseState = {
  pid: process.pid, url: ls.url, ...clientAddresses(ls),
  fingerprint: spec.fingerprint, version, startedAt: new Date().toISOString(),
};
const tmp = `${spec.statePath}.${process.pid}`;
await writeFile(tmp, JSON.stringify(state, null, 2));
await rename(tmp, spec.statePath);
ours = (await readState(spec.statePath))?.pid === process.pid;
console.log(`LocalScale (reused between test runs) is listening on ${ls.url}; stop it with: kill ${process.pid}`);
