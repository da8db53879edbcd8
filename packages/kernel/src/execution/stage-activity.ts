import { type LogFunction, type ProgressFunction, redactText, redactValue } from "@stageflow/core";
import { InvalidProgressError } from "../errors/stage-errors";
import type { StageProgressEvent } from "../events/stageflow-event";
import { assertJsonValue } from "../json/assert-json-value";
import type { Clock } from "../ports/clock";
import type { NewLogRecord } from "../records/log-record";
import type { StageProgress } from "../records/stage-record";
import { buildEvent, type EventRun } from "../run-state/build-event";
import { errorMessage } from "./failure-info";

/**
 * Log lines and progress reports of one stage execution, collected in memory while the body runs
 * (no transaction is open then) and written with the outcome.
 */
export interface StageActivity {
  /** `ctx.log`: appends a log line (secrets redacted from the message and `meta`). */
  readonly log: LogFunction;
  /**
   * `ctx.onProgress`: records a `stage:progress` event (secrets redacted) and calls the live hook.
   *
   * @throws {@link InvalidProgressError} when `progress` is not a number from 0 to 1.
   */
  readonly onProgress: ProgressFunction;
  /** The collected log lines. */
  readonly logs: NewLogRecord[];
  /** The collected progress events, in order. */
  readonly progressEvents: StageProgressEvent[];
  /** The last progress reported, or `null`. */
  latestProgress(): StageProgress | null;
}

/** Makes a JSON-safe, secret-free copy of structured detail; `undefined` when there is none. */
function cleanDetail(
  detail: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (detail === undefined || detail === null) return undefined;
  const redacted = redactValue(detail);
  try {
    assertJsonValue(redacted, "detail");
    return redacted;
  } catch (error) {
    return { unserializable: errorMessage(error) };
  }
}

/**
 * Creates the collector of one execution.
 *
 * @param options.onProgress - called synchronously with every progress event (errors ignored).
 */
export function createStageActivity(options: {
  readonly run: EventRun;
  readonly stageId: string;
  readonly stageRecordId: string;
  readonly clock: Clock;
  readonly onProgress?: ((event: StageProgressEvent) => void) | undefined;
}): StageActivity {
  const { run, stageId, stageRecordId, clock } = options;
  const logs: NewLogRecord[] = [];
  const progressEvents: StageProgressEvent[] = [];
  let latest: StageProgress | null = null;
  return {
    logs,
    progressEvents,
    latestProgress: () => latest,
    log(level, message, meta) {
      logs.push({
        workflowRunId: run.id,
        stageId,
        stageRecordId,
        level,
        message: redactText(String(message)),
        meta: cleanDetail(meta) ?? null,
        createdAt: clock.now(),
      });
    },
    onProgress(update) {
      const progress = update?.progress;
      if (typeof progress !== "number" || Number.isNaN(progress) || progress < 0 || progress > 1) {
        throw new InvalidProgressError(stageId, progress);
      }
      const details = cleanDetail(update.details);
      const message = redactText(String(update.message));
      latest = details === undefined ? { progress, message } : { progress, message, details };
      const event = buildEvent("stage:progress", run, clock.now(), {
        stageId,
        progress,
        message,
        details,
      });
      progressEvents.push(event);
      try {
        options.onProgress?.(event);
      } catch {
        // A failing observer must not fail the stage.
      }
    },
  };
}
