// The LocalScale of this run (started by global-setup.ts) as the tests see it.
import { inject } from 'vitest';
import { localOrganization } from '../src/localscale.js';
import { localScaleWorld } from '../src/states/localscale-world.js';
import { credential } from './consumer/support.js';

export function runLocalScale() {
  const { url, implemented } = inject('localscale');
  return {
    url,
    implemented: new Set(implemented) as ReadonlySet<string>,
    // The states act with the credential the pacts' requests carry, so that their author is the requester.
    world: localScaleWorld({ url, organization: localOrganization, credentials: credential }),
  };
}
