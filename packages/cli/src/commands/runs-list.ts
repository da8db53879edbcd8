import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { withContext } from "../connect/open-context";
import type { CliIO } from "../output/cli-io";
import { colourStatus, humanCost, humanDuration, relativeTime } from "../output/human";
import { resolveOutputFormat } from "../output/output-format";
import { printRows } from "../output/print-rows";
import { parsePositiveInt } from "../parse/parse-positive-int";
import type { GlobalOptions } from "../program";
import { addRunFilterOptions, runFilterFrom } from "./run-filter-options";

/** `stageflow runs list`: the newest runs first, filtered. */
export function runsListCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  return addRunFilterOptions(new Command("list").description("list runs, newest first"))
    .option("--limit <n>", "how many runs (default 20)", "20")
    .option("--oldest", "oldest first")
    .option("--cursor <cursor>", "continue after a previous page (printed with the page)")
    .option(
      "-o, --output <format>",
      "table, json or jsonl (default: table on a terminal, json otherwise)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  $ stageflow runs list --status FAILED --since 1h\n  $ stageflow runs list --workflow word-count -o jsonl",
    )
    .action(async (flags) => {
      const format = resolveOutputFormat(flags.output, io);
      const filter = runFilterFrom(flags);
      const limit = parsePositiveInt(flags.limit, "--limit");
      await withContext(globals(), async ({ sf }) => {
        const page = await sf.kernel.query.listRuns({
          ...filter,
          limit,
          order: flags.oldest ? "oldest" : "newest",
          ...(flags.cursor ? { cursor: flags.cursor } : {}),
        });
        const now = new Date();
        printRows(
          io,
          format,
          page.runs,
          [
            { header: "RUN", cell: (run) => run.id },
            { header: "WORKFLOW", cell: (run) => run.workflowId },
            { header: "STATUS", cell: (run) => colourStatus(run.status) },
            { header: "CREATED", cell: (run) => relativeTime(run.createdAt, now) },
            { header: "DURATION", cell: (run) => humanDuration(run.durationMs) },
            { header: "COST", cell: (run) => humanCost(run.totalCost) },
          ],
          { empty: "no runs match" },
        );
        if (page.nextCursor && format === "table") {
          io.stderr.write(`more: --cursor ${page.nextCursor}\n`);
        }
      });
    });
}
