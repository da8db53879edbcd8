import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { withContext } from "../connect/open-context";
import type { CliIO } from "../output/cli-io";
import { relativeTime } from "../output/human";
import { resolveOutputFormat } from "../output/output-format";
import { printObject, printRows } from "../output/print-rows";
import { parsePositiveInt } from "../parse/parse-positive-int";
import { parseSince } from "../parse/parse-since";
import type { GlobalOptions } from "../program";

/** `stageflow dlq list|replay`: events whose delivery failed every retry. */
export function dlqCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  const dlq = new Command("dlq").description(
    "the dead-letter queue: events whose delivery failed every retry",
  );
  dlq.addCommand(
    new Command("list")
      .description("list dead-lettered events with the error of their last delivery")
      .option("--run <runId>", "only this run's")
      .option("--type <eventType>", "only events of this type, e.g. stage:completed")
      .option("--since <age|ISO>", "only events written since then")
      .option("--limit <n>", "how many (default 50)", "50")
      .option(
        "-o, --output <format>",
        "table, json or jsonl (default: table on a terminal, json otherwise)",
      )
      .addHelpText("after", "\nExample:\n  $ stageflow dlq list --type stage:completed --since 1d")
      .action(async (flags) => {
        const format = resolveOutputFormat(flags.output, io);
        const limit = parsePositiveInt(flags.limit, "--limit");
        const since = flags.since ? parseSince(flags.since, "--since") : undefined;
        await withContext(globals(), async ({ sf }) => {
          const { events } = await sf.kernel.query.listDeadLetters({
            limit,
            ...(flags.run ? { workflowRunId: flags.run } : {}),
            ...(flags.type ? { type: flags.type } : {}),
            ...(since ? { createdAfter: since } : {}),
          });
          const now = new Date();
          printRows(
            io,
            format,
            events,
            [
              { header: "EVENT", cell: (e) => e.id },
              { header: "RUN", cell: (e) => e.workflowRunId },
              { header: "TYPE", cell: (e) => e.type },
              { header: "TRIES", cell: (e) => String(e.retryCount) },
              { header: "WRITTEN", cell: (e) => relativeTime(e.createdAt, now) },
              { header: "LAST ERROR", cell: (e) => e.lastError ?? "" },
            ],
            { empty: "the dead-letter queue is empty" },
          );
        });
      }),
  );
  dlq.addCommand(
    new Command("replay")
      .description(
        "put dead-lettered events back in the outbox; they are delivered on the next flush",
      )
      .option("--max <n>", "at most this many (default: all)")
      .option("-o, --output <format>", "table, json or jsonl")
      .addHelpText("after", "\nExample:\n  $ stageflow dlq replay --max 100")
      .action(async (flags) => {
        const format = resolveOutputFormat(flags.output, io);
        const max =
          flags.max === undefined ? Number.POSITIVE_INFINITY : parsePositiveInt(flags.max, "--max");
        await withContext(globals(), async ({ sf }) => {
          let replayed = 0;
          while (replayed < max) {
            const batch = Math.min(500, max - replayed);
            const result = await sf.kernel.dispatch({ type: "plugin.replayDLQ", maxEvents: batch });
            replayed += result.replayed;
            if (result.replayed < batch) break;
          }
          printObject(io, format, { replayed });
        });
      }),
  );
  return dlq;
}
