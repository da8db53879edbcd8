import { parseArgs } from "node:util";

/** What `pnpm start` accepts. */
export interface ServerlessArgs {
  readonly platform: "aws-lambda" | "cloudflare-workers";
  readonly runs: number;
}

/**
 * Reads `--platform` and `--runs`. A leading `--` is dropped: `pnpm start -- --runs 3` passes it
 * through to the script, and `node:util`'s `parseArgs` would take everything after it as
 * positionals.
 */
export function parseServerlessArgs(argv: readonly string[]): ServerlessArgs {
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : [...argv],
    options: {
      platform: { type: "string", default: "aws-lambda" },
      runs: { type: "string", default: "5" },
    },
  });
  const platform = values.platform === "cloudflare-workers" ? "cloudflare-workers" : "aws-lambda";
  return { platform, runs: Number(values.runs) };
}
