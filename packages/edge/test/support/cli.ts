// Runs the `mariadb` command-line client against the edge.
import { execFile } from 'node:child_process';

export interface CliResult { code: number; stdout: string; stderr: string }

export function mariadb(port: number, args: readonly string[], input = ''): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile('mariadb', ['--no-defaults', '-h', '127.0.0.1', '-P', String(port), '--protocol=TCP', '--batch', ...args],
      { timeout: 30_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    child.stdin!.end(input);
  });
}
