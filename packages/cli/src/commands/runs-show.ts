import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import type { RunDetail } from "@stageflow/engine";
import pc from "picocolors";
import { withContext } from "../connect/open-context";
import { notFoundError } from "../errors/cli-error";
import type { CliIO } from "../output/cli-io";
import { colourStatus, humanCost, humanDuration, relativeTime } from "../output/human";
import { resolveOutputFormat } from "../output/output-format";
import { renderTable } from "../output/print-rows";
import type { GlobalOptions } from "../program";
import { followRun } from "./follow-run";

/** `stageflow runs show <runId>`: a run's stages, attempts, errors, logs and cost. */
export function runsShowCommand(io: CliIO, globals: () => GlobalOptions): CommandUnknownOpts {
  return new Command("show")
    .description("show a run: stages, attempts, errors, logs, AI calls and cost")
    .argument("<runId>", "the run's id")
    .option("--follow", "stream progress and events until the run ends")
    .option("--interval <ms>", "how often --follow looks for changes", "250")
    .option(
      "-o, --output <format>",
      "table, json or jsonl (default: table on a terminal, json otherwise)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  $ stageflow runs show 0193c2…\n  $ stageflow runs show 0193c2… --follow",
    )
    .action(async (runId, flags) => {
      const format = resolveOutputFormat(flags.output, io);
      await withContext(globals(), async ({ sf }) => {
        const detail = await sf.kernel.query.getRunDetail(runId);
        if (!detail) throw notFoundError(`no run ${runId}`);
        if (flags.follow) {
          await followRun(sf.kernel.query, detail, io, format, Number(flags.interval) || 250);
          return;
        }
        if (format === "table") io.stdout.write(renderRunDetail(detail));
        else
          io.stdout.write(`${JSON.stringify(detail, null, format === "json" ? 2 : undefined)}\n`);
      });
    });
}

/** A run's detail as people read it: a header, the stages, the error, the last logs, AI calls. */
export function renderRunDetail(detail: RunDetail, now: Date = new Date()): string {
  const { run } = detail;
  const lines: string[] = [];
  lines.push(`${pc.bold("run")}       ${run.id}`);
  lines.push(`${pc.bold("workflow")}  ${run.workflowId}`);
  lines.push(`${pc.bold("status")}    ${colourStatus(run.status)}`);
  lines.push(
    `${pc.bold("created")}   ${relativeTime(run.createdAt, now)} (${run.createdAt.toISOString()})`,
  );
  lines.push(`${pc.bold("duration")}  ${humanDuration(run.durationMs)}`);
  lines.push(`${pc.bold("cost")}      ${humanCost(run.totalCost)} · ${run.totalTokens} tokens`);
  if (run.error) {
    lines.push(
      `${pc.bold("error")}     ${pc.red(`${run.error.code ? `[${run.error.code}] ` : ""}${run.error.message}`)}${run.error.stageId ? ` (stage ${run.error.stageId})` : ""}`,
    );
  }
  lines.push("");
  lines.push(
    renderTable(
      ["STAGE", "STATUS", "ATTEMPTS", "DURATION", "PROGRESS", "ERROR"],
      detail.stages.map((stage) => [
        stage.stageId,
        colourStatus(stage.status),
        String(stage.attempts.length),
        humanDuration(stage.durationMs),
        stage.status === "COMPLETED"
          ? "100%"
          : stage.progress
            ? `${Math.round(stage.progress.progress * 100)}%`
            : "—",
        stage.error
          ? `${stage.error.code ? `[${stage.error.code}] ` : ""}${stage.error.message}`
          : "",
      ]),
    ),
  );
  if (detail.aiCalls.length > 0) {
    lines.push("");
    lines.push(
      renderTable(
        ["STAGE", "MODEL", "TOKENS IN", "TOKENS OUT", "COST"],
        detail.aiCalls.map((call) => [
          call.stageId ?? "—",
          `${call.provider}/${call.model}`,
          String(call.inputTokens),
          String(call.outputTokens),
          humanCost(call.cost),
        ]),
      ),
    );
  }
  const logs = detail.logs.slice(-20);
  if (logs.length > 0) {
    lines.push("");
    lines.push(pc.bold(`logs (last ${logs.length} of ${detail.logs.length})`));
    for (const log of logs) {
      lines.push(
        `  ${pc.dim(log.createdAt.toISOString())} ${log.level.padEnd(5)} ${log.stageId ? pc.dim(`[${log.stageId}] `) : ""}${log.message}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
