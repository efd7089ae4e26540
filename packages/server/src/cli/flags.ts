// Command-line parsing helpers shared by the commands. Mistakes are UsageErrors: reported as one line
// plus the command's usage.

export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) { super(message); this.name = 'UsageError'; }
}

export const isParseArgsError = (err: unknown): err is TypeError =>
  err instanceof TypeError && !!(err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');

export function intFlag(name: string, value: string | undefined, usage?: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name}: must be an integer, got ${JSON.stringify(value)}`, usage);
  return Number(value);
}

export function oneOfFlag<T extends string>(name: string, value: string | undefined, allowed: readonly T[], usage?: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name}: must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`, usage);
  return value as T;
}
