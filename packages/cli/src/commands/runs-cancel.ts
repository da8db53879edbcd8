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

/** `stageflow runs cancel`: one run by id, or every run a filter matches (with `--yes`). */
export function runsCancelCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  return addRunFilterOptions(
    new Command("cancel")
      .description(
        "cancel a run, or every run the filters match (prints the count; acts with --yes)",
      )
      .argument("[runId]", "the run to cancel"),
  )
    .option("--reason <reason>", "why, stored on the run")
    .option("--yes", "act on every matching run (bulk form)")
    .option("-o, --output <format>", "table, json or jsonl")
    .addHelpText(
      "after",
      "\nExamples:\n  $ stageflow runs cancel 0193c2… --reason 'bad input'\n  $ stageflow runs cancel --status RUNNING --workflow word-count --yes",
    )
    .action(async (runId, flags) => {
      const format = resolveOutputFormat(flags.output, io);
      const filter = runFilterFrom(flags);
      if (runId !== undefined && !isEmptyFilter(filter)) {
        throw usageError("give a run id or filters, not both");
      }
      if (runId === undefined && isEmptyFilter(filter)) {
        throw usageError(
          "give a run id, or filters such as --status RUNNING --workflow W for a bulk cancel",
        );
      }
      await withContext(globals(), async ({ sf }) => {
        const cancel = async (id: string) => {
          const { cancelled } = await sf.kernel.dispatch({
            type: "run.cancel",
            workflowRunId: id,
            ...(flags.reason ? { reason: flags.reason } : {}),
          });
          return cancelled;
        };
        if (runId !== undefined) {
          if (!(await sf.persistence.getRun(runId))) throw notFoundError(`no run ${runId}`);
          printObject(io, format, { runId, cancelled: await cancel(runId) });
          return;
        }
        const ids = await selectRunIds(sf.kernel.query, filter);
        if (!confirmBulk(io, "cancel", ids.length, flags.yes)) {
          printObject(io, format, { matched: 0, cancelled: 0 });
          return;
        }
        let cancelled = 0;
        for (const id of ids) if (await cancel(id)) cancelled += 1;
        printObject(io, format, { matched: ids.length, cancelled });
      });
    });
}
