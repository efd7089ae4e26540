// `localscale reset`: POST /admin/reset-state, LocalScale's "clean slate" for test runs.
import { parseArgs } from 'node:util';
import { UsageError } from './flags.js';
import type { Output } from './render/live.js';
import { connect, connectionFlags } from './remote.js';
import { resetUsage } from './usage.js';

export async function reset(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { url: connectionFlags.url, help: connectionFlags.help }, allowPositionals: true, strict: true });
  if (values.help) { out.write(resetUsage); return 0; }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, resetUsage);
  const remote = connect(values);
  await remote.admin.resetState();
  out.write(`LocalScale at ${remote.url} was reset\n`);
  return 0;
}
