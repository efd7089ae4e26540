// The consumer run regenerates the pact files from scratch, so that an interaction removed from the
// tests also leaves the committed pact.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pactDir } from '../../src/parties.js';

export default async function setup() {
  await mkdir(pactDir, { recursive: true });
  for (const name of await readdir(pactDir)) {
    if (name.endsWith('.json')) await rm(join(pactDir, name));
  }
}
