import { CliError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";

/**
 * The guard of every bulk action: prints how many runs match, and throws (exit 1, nothing
 * changed) when some do and `--yes` was not given. Returns false when none match.
 */
export function confirmBulk(
  io: CliIO,
  action: string,
  matching: number,
  yes: boolean | undefined,
): boolean {
  io.stderr.write(`${matching} run${matching === 1 ? "" : "s"} match\n`);
  if (matching === 0) return false;
  if (!yes) {
    throw new CliError(
      "CLI_CONFIRMATION_REQUIRED",
      `add --yes to ${action} ${matching === 1 ? "it" : `these ${matching} runs`}; nothing was changed`,
    );
  }
  return true;
}
