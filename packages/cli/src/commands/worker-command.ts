import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { openContext } from "../connect/open-context";
import { usageError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";
import { parsePositiveInt } from "../parse/parse-positive-int";
import type { GlobalOptions } from "../program";

/** `stageflow worker`: a node host for the config's workflows, until SIGTERM or SIGINT. */
export function workerCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  return new Command("worker")
    .description(
      "run a worker for the workflows of stageflow.config.ts until SIGTERM / SIGINT (then drain)",
    )
    .option("--concurrency <n>", "jobs at once (default: the config's, else 4)")
    .option("--worker-id <id>", "this worker's id (default: host and pid)")
    .option("--no-migrate", "do not apply pending migrations at start")
    .addHelpText("after", "\nExample:\n  $ stageflow worker --concurrency 8")
    .action(async (flags) => {
      const concurrency = flags.concurrency
        ? parsePositiveInt(flags.concurrency, "--concurrency")
        : undefined;
      const context = await openContext(globals(), (config) => {
        if (!config?.workflows || config.workflows.length === 0) {
          throw usageError(
            "the worker needs workflows: add a stageflow.config.ts exporting { database, workflows }",
          );
        }
        const configured = typeof config.worker === "object" ? config.worker : {};
        return {
          migrate: flags.migrate,
          worker: {
            ...configured,
            // The command drains on SIGTERM / SIGINT itself, then exits 0.
            handleSignals: false,
            ...(concurrency ? { concurrency } : {}),
            ...(flags.workerId ? { workerId: flags.workerId } : {}),
          },
        };
      });
      const ids = (context.config?.workflows ?? []).map((workflow) => workflow.id);
      io.stderr.write(
        `worker started for ${ids.join(", ")} (SIGTERM or Ctrl-C drains and stops)\n`,
      );
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", () => resolve());
        process.once("SIGINT", () => resolve());
      });
      io.stderr.write("draining…\n");
      await context.close();
      io.stderr.write("stopped\n");
    });
}
