import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import type { FinalRunStatus } from "@stageflow/engine";
import { withContext } from "../connect/open-context";
import { usageError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";
import { resolveOutputFormat } from "../output/output-format";
import { printObject } from "../output/print-rows";
import { collect } from "../parse/collect";
import { parseAgeFlag } from "../parse/parse-since";
import { parseStatuses } from "../parse/parse-statuses";
import type { GlobalOptions } from "../program";
import { confirmBulk } from "./confirm-bulk";

const FINAL: readonly FinalRunStatus[] = ["COMPLETED", "FAILED", "CANCELLED"];

/** `stageflow runs purge --older-than 30d`: deletes finished runs and everything they own. */
export function runsPurgeCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  return new Command("purge")
    .description(
      "delete finished runs older than an age, with their stages, jobs, logs, events and blobs",
    )
    .requiredOption("--older-than <age>", "finished longer ago than this (30d, 12h, …)")
    .option(
      "--status <status>",
      "COMPLETED, FAILED or CANCELLED (repeatable; default all three)",
      collect,
    )
    .option("--workflow <workflowId>", "only runs of this workflow")
    .option("--yes", "delete (without it, only the count is printed)")
    .option("-o, --output <format>", "table, json or jsonl")
    .addHelpText(
      "after",
      "\nExamples:\n  $ stageflow runs purge --older-than 30d\n  $ stageflow runs purge --older-than 7d --status COMPLETED --yes",
    )
    .action(async (flags) => {
      const format = resolveOutputFormat(flags.output, io);
      const olderThanMs = parseAgeFlag(flags.olderThan, "--older-than");
      const statuses = (parseStatuses(flags.status) ?? FINAL).map((status) => {
        if (!(FINAL as readonly string[]).includes(status)) {
          throw usageError(
            `--status: only finished runs are purged (${FINAL.join(", ")}); got ${status}`,
          );
        }
        return status as FinalRunStatus;
      });
      const workflow = flags.workflow ? { workflowId: flags.workflow } : {};
      await withContext(globals(), async ({ sf }) => {
        const { total } = await sf.kernel.query.countRuns({
          status: statuses,
          finishedBefore: new Date(Date.now() - olderThanMs),
          ...workflow,
        });
        if (!confirmBulk(io, "purge", total, flags.yes)) {
          printObject(io, format, { matched: 0, purged: 0 });
          return;
        }
        let purged = 0;
        const deleted: Record<string, number> = {};
        for (;;) {
          const result = await sf.kernel.dispatch({
            type: "run.purge",
            olderThanMs,
            statuses,
            ...workflow,
          });
          purged += result.purged;
          for (const [kind, count] of Object.entries(result.deleted))
            deleted[kind] = (deleted[kind] ?? 0) + count;
          if (!result.more) break;
        }
        printObject(io, format, { matched: total, purged, deleted });
      });
    });
}
