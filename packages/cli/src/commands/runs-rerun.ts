import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { withContext } from "../connect/open-context";
import { notFoundError, usageError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";
import { resolveOutputFormat } from "../output/output-format";
import { printObject } from "../output/print-rows";
import type { GlobalOptions } from "../program";
import { confirmBulk } from "./confirm-bulk";
import { addRunFilterOptions, isEmptyFilter, runFilterFrom } from "./run-filter-options";
import { selectRunIds } from "./select-runs";

/**
 * `stageflow runs rerun <runId> --from <stageId>`: deletes that stage's group and every later one
 * and queues the run from there (a worker with the workflow picks it up). Bulk with filters.
 */
export function runsRerunCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  return addRunFilterOptions(
    new Command("rerun")
      .description("rerun a run from a stage (or every run the filters match, with --yes)")
      .argument("[runId]", "the run to rerun"),
  )
    .requiredOption(
      "--from <stageId>",
      "the stage to rerun from (its group and every later one rerun)",
    )
    .option("--yes", "act on every matching run (bulk form)")
    .option("-o, --output <format>", "table, json or jsonl")
    .addHelpText(
      "after",
      "\nExamples:\n  $ stageflow runs rerun 0193c2… --from summarize\n  $ stageflow runs rerun --status FAILED --failed-stage embed --from embed --yes",
    )
    .action(async (runId, flags) => {
      const format = resolveOutputFormat(flags.output, io);
      const filter = runFilterFrom(flags);
      if (runId !== undefined && !isEmptyFilter(filter))
        throw usageError("give a run id or filters, not both");
      if (runId === undefined && isEmptyFilter(filter)) {
        throw usageError("give a run id, or filters such as --status FAILED for a bulk rerun");
      }
      await withContext(globals(), async ({ sf }) => {
        const rerun = (id: string) =>
          sf.kernel.dispatch({ type: "run.rerunFrom", workflowRunId: id, fromStageId: flags.from });
        if (runId !== undefined) {
          if (!(await sf.persistence.getRun(runId))) throw notFoundError(`no run ${runId}`);
          const result = await rerun(runId);
          printObject(io, format, { ...result });
          return;
        }
        const ids = await selectRunIds(sf.kernel.query, filter);
        if (!confirmBulk(io, `rerun from ${flags.from}`, ids.length, flags.yes)) {
          printObject(io, format, { matched: 0, rerun: 0 });
          return;
        }
        for (const id of ids) await rerun(id);
        printObject(io, format, { matched: ids.length, rerun: ids.length });
      });
    });
}
