import { setTimeout as sleep } from "node:timers/promises";
import { Command } from "@commander-js/extra-typings";
import type { OutboxRecord } from "@stageflow/kernel";
import pc from "picocolors";
import { withContext } from "../connect/open-context";
import { notFoundError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";
import { resolveOutputFormat } from "../output/output-format";
import { parsePositiveInt } from "../parse/parse-positive-int";
import type { GlobalOptions } from "../program";

/** `stageflow events tail`: the newest outbox events, of every run or of one, and then new ones. */
export function eventsCommand(io: CliIO, globals: () => GlobalOptions) {
  const events = new Command("events").description("read the event stream (the outbox)");
  events.addCommand(
    new Command("tail")
      .description("print the newest events, oldest of them first; --follow keeps printing new ones")
      .option("--run <runId>", "only this run's events")
      .option("-n, --limit <n>", "how many of the newest events to start with", "20")
      .option("--follow", "keep printing events as they are written (Ctrl-C ends)")
      .option("--interval <ms>", "how often --follow looks for new events", "250")
      .option("-o, --output <format>", "table, json or jsonl (default: table on a terminal, jsonl otherwise)")
      .addHelpText("after", "\nExamples:\n  $ stageflow events tail --run 0193c2… --follow\n  $ stageflow events tail -n 100 -o jsonl")
      .action(async (flags) => {
        // A stream: JSON lines unless asked otherwise (one event a line can be piped while it grows).
        const format = flags.output === undefined && !io.stdout.isTTY ? "jsonl" : resolveOutputFormat(flags.output, io);
        const limit = parsePositiveInt(flags.limit, "--limit");
        const interval = Number(flags.interval) || 250;
        await withContext(globals(), async ({ sf }) => {
          const query = sf.kernel.query;
          if (flags.run && !(await sf.persistence.getRun(flags.run))) throw notFoundError(`no run ${flags.run}`);
          const runFilter = flags.run ? { workflowRunId: flags.run } : {};
          const first = await query.listEvents({ ...runFilter, limit, order: "newest" });
          const batch = [...first.events].reverse();
          if (format === "json" && !flags.follow) {
            io.stdout.write(`${JSON.stringify(batch, null, 2)}\n`);
            return;
          }
          let cursor = first.newestCursor;
          for (const event of batch) io.stdout.write(renderEvent(event, format));
          if (!flags.follow) return;
          const stop = new AbortController();
          const end = () => stop.abort();
          process.once("SIGINT", end);
          process.once("SIGTERM", end);
          try {
            while (!stop.signal.aborted) {
              await sleep(interval, undefined, { signal: stop.signal }).catch(() => undefined);
              if (stop.signal.aborted) break;
              const page = await query.listEvents({ ...runFilter, limit: 500, order: "oldest", ...(cursor ? { after: cursor } : {}) });
              for (const event of page.events) io.stdout.write(renderEvent(event, format));
              cursor = page.newestCursor ?? cursor;
              if (flags.run && (await isFinished(sf.persistence, flags.run)) && page.events.length === 0) break;
            }
          } finally {
            process.off("SIGINT", end);
            process.off("SIGTERM", end);
          }
        });
      }),
  );
  return events;
}

async function isFinished(query: { getRun(id: string): Promise<{ status: string } | null> }, runId: string) {
  const run = await query.getRun(runId);
  return !run || run.status === "COMPLETED" || run.status === "FAILED" || run.status === "CANCELLED";
}

function renderEvent(event: OutboxRecord, format: string): string {
  if (format !== "table") return `${JSON.stringify(event)}\n`;
  const stage = typeof event.payload.stageId === "string" ? ` ${pc.dim(event.payload.stageId)}` : "";
  return `${pc.dim(event.createdAt.toISOString())} ${event.workflowRunId} #${event.sequence} ${event.type}${stage}\n`;
}
