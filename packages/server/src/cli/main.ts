#!/usr/bin/env node
// The `localscale` command line: `serve` runs LocalScale; `status`, `deploy-request watch` and
// `reset` are clients of a running one (or, for the read-only ones, of PlanetScale).
import { WaitTimeoutError } from '@localscale/sdk';
import { ConfigError } from '../config/load.js';
import { version } from '../version.js';
import { isParseArgsError, UsageError } from './flags.js';
import { describeRemoteError, UnreachableError } from './remote.js';
import { reset } from './reset.js';
import { serveCommand } from './serve.js';
import { status } from './status.js';
import { resetUsage, serveUsage, statusUsage, usage, watchUsage } from './usage.js';
import { deployRequestCommand } from './watch.js';

type Command = (args: string[], out: NodeJS.WriteStream) => Promise<number | undefined>;
const commands: Record<string, { run: Command; usage: string }> = {
  serve: { run: serveCommand, usage: serveUsage },
  status: { run: status, usage: statusUsage },
  'deploy-request': { run: deployRequestCommand, usage: watchUsage },
  reset: { run: reset, usage: resetUsage },
};

async function main(argv: string[]): Promise<number | undefined> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') { process.stdout.write(usage); return 0; }
  if (first === '--version' || first === '-v') { process.stdout.write(`${version}\n`); return 0; }
  // No command, or only flags: serve, as before there were other commands.
  const [name, args] = first === undefined || first.startsWith('-') ? ['serve', argv] : [first, rest];
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"; see localscale --help`);
  try {
    return await command.run(args, process.stdout);
  } catch (err) {
    // node:util's parseArgs explains a bad flag well; add the command's usage.
    throw isParseArgsError(err) ? new UsageError(err.message, command.usage) : err;
  }
}

function report(err: unknown): void {
  const remote = describeRemoteError(err);
  if (err instanceof UsageError) {
    process.stderr.write(`localscale: ${err.message}\n${err.usage ? `\n${err.usage}` : ''}`);
  } else if (remote) {
    process.stderr.write(`localscale: ${remote}\n`);
  } else if (err instanceof ConfigError || err instanceof WaitTimeoutError || err instanceof UnreachableError
    || (err instanceof Error && ['MysqlNotInstalledError', 'MysqlStartError', 'StartupError'].includes(err.name))) {
    process.stderr.write(`localscale: ${err.message}\n`);
  } else {
    process.stderr.write(`localscale: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  }
}

main(process.argv.slice(2)).then(
  // `serve` returns undefined and keeps running until a signal stops it.
  (code) => { if (code !== undefined) process.exitCode = code; },
  (err: unknown) => { report(err); process.exit(1); },
);
