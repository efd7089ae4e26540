import type { Handlers } from '../http/operation-types.js';
import type { Services } from '../services/context.js';
import { version } from '../version.js';

export function healthHandlers(svc: Services): Pick<Handlers, 'localscale_health'> {
  return {
    // Ready means storage answers: a failing query becomes 503 through the error envelope.
    localscale_health: async () => {
      await svc.metadata.query('SELECT 1');
      return { status: 200, body: { status: 'ok', version } };
    },
  };
}
