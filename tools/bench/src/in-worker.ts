// A benchmark's client side in a worker thread: the client (mysql2, the serverless driver's fetch)
// and the LocalScale code under test (in the main thread) then have an event loop each, as they do
// when an app talks to a LocalScale server, instead of taking turns on one. `module` exports `job`,
// an async function of one structured-cloneable argument; its result comes back the same way.
import { Worker } from 'node:worker_threads';

const entry = new URL('./worker-entry.mjs', import.meta.url);

export function inWorker<T>(module: URL, job: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: { module: module.href, job, input } });
    let settled = false;
    worker.once('message', (result: T) => { settled = true; resolve(result); void worker.terminate(); });
    worker.once('error', (err) => { settled = true; reject(err); });
    worker.once('exit', (code) => { if (!settled) reject(new Error(`benchmark worker exited with code ${code} before answering`)); });
  });
}
