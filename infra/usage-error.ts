/** A command line that cannot be run as given: printed as is, without a stack trace. */
export class UsageError extends Error {}

/** node:util parseArgs, with its complaints (an unknown or malformed option) turned into a UsageError. */
export function asUsageError(error: unknown, usage: string): unknown {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('ERR_PARSE_ARGS') ? new UsageError(`${(error as Error).message}\n${usage}`) : error;
}
