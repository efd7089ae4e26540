// Every benchmark writes its numbers to results/<name>.json (with the machine it ran on) and prints
// them, so an issue note can quote them.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export async function report(name: string, results: Record<string, unknown>): Promise<void> {
  const doc = {
    benchmark: name, at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
      // How busy the machine was at the end (1, 5, 15 minutes): other work on a shared machine moves timings.
      load_average: os.loadavg().map((l) => Math.round(l * 10) / 10),
    },
    results,
  };
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, `${name}.json`), JSON.stringify(doc, null, 2) + '\n');
  console.log(JSON.stringify(doc, null, 2));
}
