// Holds LocalScale to every pact: each interaction whose operation it implements is verified against
// the run's in-process LocalScale; the others are listed as skipped until their handlers land.
import { runLocalScale } from '../support.js';
import { declareVerification } from './support.js';

const local = runLocalScale();

await declareVerification({
  name: 'LocalScale',
  context: { target: 'localscale', implemented: local.implemented },
  provider: { baseUrl: local.url, world: local.world, timeoutMs: 120_000 },
  stop: () => local.world.close(),
});
