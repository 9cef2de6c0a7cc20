import type { Logger } from 'pino';
import { GoBuildFailed, isExecutable, provideGoBinary, toolCacheDir } from './go-binary.ts';

const temporalCli = {
  binary: 'temporal',
  // Later tags of the CLI carry replace directives that `go install` refuses.
  module: 'github.com/temporalio/cli/cmd/temporal@v1.5.1',
  label: 'the Temporal CLI',
};

export class TemporalCliMissing extends Error {}

/**
 * Finds the official Temporal CLI (it holds the dev server): TEMPORAL_CLI_PATH, then `temporal` on PATH,
 * then our cache, then builds it with Go into the cache. Building takes minutes, once per machine.
 */
export async function provideTemporalCli(options: { explicitPath?: string; logger?: Logger; env?: NodeJS.ProcessEnv }): Promise<string> {
  if (options.explicitPath) {
    if (await isExecutable(options.explicitPath)) return options.explicitPath;
    throw new TemporalCliMissing(`TEMPORAL_CLI_PATH ${options.explicitPath} is not an executable file`);
  }
  const found = await provideGoBinary(temporalCli, options).catch((error: unknown) => {
    throw error instanceof GoBuildFailed ? new TemporalCliMissing(error.message) : error;
  });
  if (found) return found;
  throw new TemporalCliMissing(
    `the Temporal CLI was not found: install it (https://docs.temporal.io/cli) and put it on PATH or in TEMPORAL_CLI_PATH, install Go so Switchboard can build it into ${toolCacheDir(options.env)}, or set TEMPORAL_ADDRESS to a running Temporal server`,
  );
}
