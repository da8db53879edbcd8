import { setTimeout as sleep } from "node:timers/promises";
import type { RunDetail, RunQueryApi } from "@stageflow/engine";
import cliProgress from "cli-progress";
import pc from "picocolors";
import type { CliIO } from "../output/cli-io";
import { colourStatus } from "../output/human";
import type { OutputFormat } from "../output/output-format";

const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/**
 * Streams a run until it ends: each new outbox event as a line on stdout (JSON for json / jsonl,
 * text for tables), and on a terminal a progress bar per stage on stderr. Returns the last detail.
 */
export async function followRun(
  queries: RunQueryApi,
  first: RunDetail,
  io: CliIO,
  format: OutputFormat,
  intervalMs: number,
): Promise<RunDetail> {
  const bars = format === "table" && io.stderr.isTTY ? new StageBars() : undefined;
  let seen = 0;
  let detail: RunDetail = first;
  for (;;) {
    for (const event of detail.events.slice(seen)) {
      if (format === "table") {
        const stage =
          typeof event.payload.stageId === "string" ? ` ${pc.dim(event.payload.stageId)}` : "";
        bars?.log(
          `${pc.dim(event.createdAt.toISOString())} #${event.sequence} ${event.type}${stage}\n`,
        );
        if (!bars)
          io.stdout.write(
            `${event.createdAt.toISOString()} #${event.sequence} ${event.type}${stage}\n`,
          );
      } else {
        io.stdout.write(`${JSON.stringify(event)}\n`);
      }
    }
    seen = detail.events.length;
    bars?.update(detail);
    if (FINAL.has(detail.run.status)) break;
    await sleep(intervalMs);
    const next = await queries.getRunDetail(detail.run.id);
    if (!next) break;
    detail = next;
  }
  bars?.stop();
  if (format === "table")
    io.stderr.write(`run ${detail.run.id} ${colourStatus(detail.run.status)}\n`);
  return detail;
}

/** One cli-progress bar per stage, on stderr. */
class StageBars {
  readonly #multibar = new cliProgress.MultiBar(
    {
      format: " {stage} |{bar}| {percentage}% {status} {message}",
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  readonly #bars = new Map<string, cliProgress.SingleBar>();

  update(detail: RunDetail): void {
    for (const stage of detail.stages) {
      const value =
        stage.status === "COMPLETED" ? 100 : Math.round((stage.progress?.progress ?? 0) * 100);
      const payload = {
        stage: stage.stageId.padEnd(16),
        status: stage.status,
        message: stage.progress?.message ?? "",
      };
      const bar = this.#bars.get(stage.stageId);
      if (bar) bar.update(value, payload);
      else this.#bars.set(stage.stageId, this.#multibar.create(100, value, payload));
    }
  }

  log(line: string): void {
    this.#multibar.log(line);
  }

  stop(): void {
    this.#multibar.stop();
  }
}
