// The worker thread behind in-worker.ts: runs one job and posts its result. Plain JavaScript, because
// a worker's first module is loaded before tsx's hooks exist in its thread; it registers them itself.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { module, job, input } = workerData;
const jobs = await import(module);
const run = jobs[job];
if (!run) throw new Error(`${module} has no job ${job}`);
parentPort.postMessage(await run(input));
