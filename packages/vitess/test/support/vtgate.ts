// The conformance harness for a real vtgate, named by LOCALSCALE_TEST_VTGATE (mysql://host:port/).
import type { Harness } from '../conformance/harness.js';

export function vtgateSkipReason(): string | null {
  return process.env.LOCALSCALE_TEST_VTGATE ? null : 'LOCALSCALE_TEST_VTGATE is not set (no vtgate to run against)';
}

export async function startVtgateHarness(): Promise<Harness> {
  throw new Error('the vtgate harness is not implemented yet');
}
