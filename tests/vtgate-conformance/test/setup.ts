// Runs in each worker before a scenario file is imported: points the vitess package's vtgate harness
// (packages/vitess/test/support/vtgate.ts, which reads its target from the environment when the
// scenario files are loaded) at this worker's database on LocalScale's edge.
import { inject } from 'vitest';

const urls = inject('vtgateUrls');
const pool = Number(process.env.VITEST_POOL_ID ?? '1');
const url = urls[(pool - 1) % urls.length];
if (!url) throw new Error(`no edge URL for vitest worker ${pool}`);
process.env.LOCALSCALE_TEST_VTGATE = url;
process.env.LOCALSCALE_TEST_VTGATE_KEYSPACE = 'app';
process.env.LOCALSCALE_TEST_VTGATE_SHARDED_KEYSPACE = 'orders';
// LocalScale's embedded engine copies rows, so the online-ALTER scenarios run too.
process.env.LOCALSCALE_TEST_VTGATE_ONLINE_ALTER = '1';
// The adapter sees status changes by polling SHOW VITESS_MIGRATIONS. LocalScale's engine copies a
// scenario's few hundred rows and cuts over in a few hundred ms (a real vtgate's VReplication takes
// seconds), so at the harness's usual 500 ms a poll can miss `running` altogether; at 20 ms it lands
// in it several times.
process.env.LOCALSCALE_TEST_VTGATE_POLL_MS = '20';
// The edge refuses ALTER VSCHEMA (use the VSchema API) and answers SHOW VSCHEMA TABLES only.
process.env.LOCALSCALE_TEST_VTGATE_VSCHEMA_SQL = '0';
// The embedded adapter runs in the vitess package's own suite.
process.env.LOCALSCALE_CONFORMANCE_ADAPTERS = 'vtgate';
