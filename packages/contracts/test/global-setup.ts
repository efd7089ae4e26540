// One LocalScale for a whole provider or checks run, probed once for the operations it implements.
// The run gets a private temporary directory (TMPDIR, inherited by the MySQL server and the test
// workers): MariaDB removes the temporary files it finds in its tmpdir when it bootstraps, so servers
// that share /tmp and start at the same time break each other.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startVerifiedLocalScale } from '../src/localscale.js';

declare module 'vitest' {
  export interface ProvidedContext { localscale: { url: string; implemented: string[] } }
}

export default async function setup(project: TestProject) {
  const sharedTmp = process.env.TMPDIR;
  const privateTmp = await mkdtemp(join(tmpdir(), 'localscale-contracts-'));
  const restore = async () => {
    if (sharedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = sharedTmp;
    await rm(privateTmp, { recursive: true, force: true });
  };
  process.env.TMPDIR = privateTmp;
  try {
    const local = await startVerifiedLocalScale();
    project.provide('localscale', { url: local.server.url, implemented: [...local.implemented].sort() });
    return async () => {
      await local.stop();
      await restore();
    };
  } catch (err) {
    await restore();
    throw err;
  }
}
