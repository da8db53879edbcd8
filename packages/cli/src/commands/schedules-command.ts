import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { describeSchedule, listSchedules, type ScheduleRecord } from "@stageflow/engine";
import { withContext } from "../connect/open-context";
import { usageError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";
import { colourStatus, relativeTime } from "../output/human";
import { type OutputFormat, resolveOutputFormat } from "../output/output-format";
import { printObject, printRows, renderTable } from "../output/print-rows";
import { parsePositiveInt } from "../parse/parse-positive-int";
import { parseSince } from "../parse/parse-since";
import type { GlobalOptions } from "../program";

const FORMAT_FLAG = [
  "-o, --output <format>",
  "table, json or jsonl (default: table on a terminal, json otherwise)",
] as const;

/** `stageflow schedules list|show|pause|unpause|trigger|backfill`: the cron schedules. */
export function schedulesCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  const schedules = new Command("schedules").description(
    "cron schedules: list, inspect, pause, trigger, backfill",
  );
  schedules.addCommand(
    new Command("list")
      .description("every schedule with its cron, time zone, next tick and state")
      .option("--paused", "only paused schedules")
      .option("--workflow <workflowId>", "only schedules of this workflow")
      .option(...FORMAT_FLAG)
      .addHelpText("after", "\nExample:\n  $ stageflow schedules list --paused")
      .action(async (flags) => {
        const format = resolveOutputFormat(flags.output, io);
        await withContext(globals(), async ({ sf }) => {
          const found = await listSchedules(sf.persistence, {
            ...(flags.paused ? { paused: true } : {}),
            ...(flags.workflow ? { workflowId: flags.workflow } : {}),
          });
          const now = new Date();
          printRows(
            io,
            format,
            found,
            [
              { header: "SCHEDULE", cell: (s: ScheduleRecord) => s.id },
              { header: "WORKFLOW", cell: (s) => s.workflowId },
              { header: "CRON", cell: (s) => `${s.cron} (${s.timezone})` },
              {
                header: "NEXT",
                cell: (s) => (s.paused ? colourStatus("PAUSED") : relativeTime(s.nextFireAt, now)),
              },
              { header: "OVERLAP", cell: (s) => s.overlap },
            ],
            { empty: "no schedules" },
          );
        });
      }),
  );
  schedules.addCommand(
    new Command("show")
      .description("a schedule with its next fire times and its latest runs")
      .argument("<scheduleId>", "the schedule's id")
      .option("-n, --next <n>", "how many next fire times", "5")
      .option(...FORMAT_FLAG)
      .addHelpText("after", "\nExample:\n  $ stageflow schedules show nightly-reindex -n 10")
      .action(async (scheduleId, flags) => {
        const format = resolveOutputFormat(flags.output, io);
        const next = parsePositiveInt(flags.next, "--next");
        await withContext(globals(), async ({ sf }) => {
          const described = await describeSchedule(sf.persistence, scheduleId, {
            nextFireTimes: next,
          });
          if (format !== "table") {
            printObject(io, format, { ...described });
            return;
          }
          const { schedule } = described;
          const now = new Date();
          io.stdout.write(
            [
              `schedule  ${schedule.id}${schedule.paused ? " (paused)" : ""}`,
              `workflow  ${schedule.workflowId}`,
              `cron      ${schedule.cron} (${schedule.timezone}), overlap ${schedule.overlap}`,
              "",
              renderTable(
                ["NEXT FIRE TIMES"],
                described.nextFireTimes.map((t) => [
                  `${t.toISOString()} (${relativeTime(t, now)})`,
                ]),
              ),
              "",
              renderTable(
                ["RUN", "TICK", "STATUS"],
                described.lastRuns.map((r) => [
                  r.workflowRunId,
                  r.tick.toISOString(),
                  colourStatus(r.status ?? "—"),
                ]),
              ),
              "",
            ].join("\n"),
          );
        });
      }),
  );
  for (const [name, description] of [
    ["pause", "stop firing until unpaused"],
    ["unpause", "fire again from the next tick after now"],
    ["trigger", "start a run of the schedule now (also while paused)"],
  ] as const) {
    schedules.addCommand(
      new Command(name)
        .description(description)
        .argument("<scheduleId>", "the schedule's id")
        .option(...FORMAT_FLAG)
        .addHelpText("after", `\nExample:\n  $ stageflow schedules ${name} nightly-reindex`)
        .action(async (scheduleId, flags) => {
          const format = resolveOutputFormat(flags.output, io);
          await withContext(globals(), async ({ sf }) => {
            const result = await sf.kernel.dispatch({ type: `schedule.${name}`, scheduleId });
            printObject(io, format, { ...result });
          });
        }),
    );
  }
  schedules.addCommand(
    new Command("backfill")
      .description("start the run of every tick in [--from, --to] that has none (at most 1 000)")
      .argument("<scheduleId>", "the schedule's id")
      .requiredOption(
        "--from <age|ISO>",
        "the first tick's earliest time (an age such as 7d, or an ISO date)",
      )
      .option("--to <age|ISO>", "the last tick's latest time (default: now)")
      .option(...FORMAT_FLAG)
      .addHelpText(
        "after",
        "\nExample:\n  $ stageflow schedules backfill hourly-digest --from 2030-01-01T00:00:00Z --to 2030-01-02T00:00:00Z",
      )
      .action(async (scheduleId, flags) => {
        const format: OutputFormat = resolveOutputFormat(flags.output, io);
        const now = new Date();
        const from = parseSince(flags.from, "--from", now);
        const to = flags.to ? parseSince(flags.to, "--to", now) : now;
        if (from.getTime() > to.getTime()) throw usageError("--from must not be after --to");
        await withContext(globals(), async ({ sf }) => {
          const result = await sf.kernel.dispatch({
            type: "schedule.backfill",
            scheduleId,
            from,
            to,
          });
          printObject(io, format, { ...result });
        });
      }),
  );
  return schedules;
}
