import { parseArgs } from "node:util";

/** What `pnpm start` accepts. */
export interface ClusterArgs {
  readonly workers: number;
  readonly runs: number;
  /** Keep the schema (and its tables) at the end. */
  readonly keep: boolean;
}

/**
 * Reads `--workers`, `--runs` and `--keep`. A leading `--` is dropped: `pnpm start -- --workers 3`
 * passes it through to the script, and `node:util`'s `parseArgs` would take everything after it
 * as positionals.
 */
export function parseClusterArgs(argv: readonly string[]): ClusterArgs {
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : [...argv],
    options: {
      workers: { type: "string", default: "3" },
      runs: { type: "string", default: "20" },
      keep: { type: "boolean", default: false },
    },
  });
  return { workers: Number(values.workers), runs: Number(values.runs), keep: values.keep };
}
