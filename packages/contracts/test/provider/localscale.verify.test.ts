// Holds LocalScale to every pact: each interaction whose operation it implements is verified against
// an in-process LocalScale; the others are listed as skipped until their handlers land.
import { credential } from '../consumer/support.js';
import { startVerifiedLocalScale } from '../../src/localscale.js';
import { declareVerification } from './support.js';

const local = await startVerifiedLocalScale(credential);

await declareVerification({
  name: 'LocalScale',
  context: { target: 'localscale', implemented: local.implemented },
  provider: { baseUrl: local.server.url, world: local.world, timeoutMs: 120_000 },
  stop: async () => { await local.world.close(); await local.stop(); },
});
