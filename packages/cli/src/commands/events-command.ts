import { setTimeout as sleep } from "node:timers/promises";
import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import type { OutboxRecord, Persistence, RunQueryApi } from "@stageflow/engine";
import pc from "picocolors";
import { withContext } from "../connect/open-context";
import { notFoundError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";
import { type OutputFormat, resolveOutputFormat } from "../output/output-format";
import { parsePositiveInt } from "../parse/parse-positive-int";
import type { GlobalOptions } from "../program";

const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** `stageflow events tail`: the newest outbox events, of every run or of one, and then new ones. */
export function eventsCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  const events = new Command("events").description("read the event stream (the outbox)");
  events.addCommand(
    new Command("tail")
      .description(
        "print the newest events, oldest of them first; --follow keeps printing new ones",
      )
      .option("--run <runId>", "only this run's events (with --follow: until the run ends)")
      .option("-n, --limit <n>", "how many of the newest events to start with", "20")
      .option("--follow", "keep printing events as they are written (Ctrl-C ends)")
      .option("--interval <ms>", "how often --follow looks for new events", "250")
      .option(
        "-o, --output <format>",
        "table, json or jsonl (default: table on a terminal, jsonl otherwise)",
      )
      .addHelpText(
        "after",
        "\nExamples:\n  $ stageflow events tail --run 0193c2… --follow\n  $ stageflow events tail -n 100 -o jsonl",
      )
      .action(async (flags) => {
        // A stream: JSON lines unless asked otherwise (each event a line, pipeable while it grows).
        const format: OutputFormat =
          flags.output === undefined && !io.stdout.isTTY
            ? "jsonl"
            : resolveOutputFormat(flags.output, io);
        const limit = parsePositiveInt(flags.limit, "--limit");
        const interval = parsePositiveInt(flags.interval, "--interval");
        await withContext(globals(), async ({ sf }) => {
          if (flags.run && !(await sf.persistence.getRun(flags.run)))
            throw notFoundError(`no run ${flags.run}`);
          const reader = flags.run
            ? runEvents(sf.persistence, flags.run)
            : allEvents(sf.kernel.query);
          const first = await reader.newest(limit);
          if (format === "json" && !flags.follow) {
            io.stdout.write(`${JSON.stringify(first, null, 2)}\n`);
            return;
          }
          for (const event of first) io.stdout.write(renderEvent(event, format));
          if (!flags.follow) return;
          const stop = new AbortController();
          const end = () => stop.abort();
          process.once("SIGINT", end);
          process.once("SIGTERM", end);
          try {
            while (!stop.signal.aborted) {
              const finished = flags.run
                ? FINAL.has((await sf.persistence.getRun(flags.run))?.status ?? "")
                : false;
              for (const event of await reader.next()) io.stdout.write(renderEvent(event, format));
              if (finished) break; // its last events were read after it ended
              await sleep(interval, undefined, { signal: stop.signal }).catch(() => undefined);
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

/** Reads events in order: the newest `n` first, then whatever came since, call by call. */
interface EventReader {
  newest(n: number): Promise<OutboxRecord[]>;
  next(): Promise<OutboxRecord[]>;
}

/** One run's events, by their gapless sequence: exact, nothing skipped or repeated. */
function runEvents(persistence: Persistence, runId: string): EventReader {
  let lastSequence = 0;
  const read = async () =>
    (await persistence.getOutboxEvents(runId)).filter((e) => e.sequence > lastSequence);
  return {
    async newest(n) {
      const events = (await read()).slice(-n);
      lastSequence = Math.max(
        0,
        ...(await persistence.getOutboxEvents(runId)).map((e) => e.sequence),
      );
      return events;
    },
    async next() {
      const events = await read();
      for (const event of events) lastSequence = Math.max(lastSequence, event.sequence);
      return events;
    },
  };
}

/** Every run's events, by creation time (events written with the same time are told apart by id). */
function allEvents(query: RunQueryApi): EventReader {
  let since: Date | undefined;
  let seenAtSince = new Set<string>();
  const remember = (events: readonly OutboxRecord[]) => {
    for (const event of events) {
      if (since === undefined || event.createdAt.getTime() > since.getTime()) {
        since = event.createdAt;
        seenAtSince = new Set();
      }
      if (event.createdAt.getTime() === since.getTime()) seenAtSince.add(event.id);
    }
  };
  return {
    async newest(n) {
      const { events } = await query.listEvents({ order: "newest", limit: Math.min(n, 1000) });
      const oldestFirst = [...events].reverse();
      remember(oldestFirst);
      return oldestFirst;
    },
    async next() {
      const { events } = await query.listEvents({
        order: "oldest",
        limit: 1000,
        ...(since ? { createdAfter: since } : {}),
      });
      const fresh = events.filter((event) => !seenAtSince.has(event.id));
      remember(fresh);
      return fresh;
    },
  };
}

function renderEvent(event: OutboxRecord, format: OutputFormat): string {
  if (format !== "table") return `${JSON.stringify(event)}\n`;
  const stage =
    typeof event.payload.stageId === "string" ? ` ${pc.dim(event.payload.stageId)}` : "";
  return `${pc.dim(event.createdAt.toISOString())} ${event.workflowRunId} #${event.sequence} ${event.type}${stage}\n`;
}
