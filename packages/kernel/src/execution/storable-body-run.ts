import { unstorableValue } from "./assert-storable";
import { toStoredError } from "./failure-info";
import type { StageBodyRun } from "./run-stage-body";
import type { StageActivity } from "./stage-activity";

/**
 * `body` as it can be stored. When the failure it carries, one of its log lines or progress
 * reports holds a value the database cannot store (U+0000, a lone surrogate), the outcome becomes
 * a failure with an `UnstorableValueError` naming the first such field (not retried), and the
 * offending log lines and progress reports are dropped; the others are kept. Otherwise `body`
 * itself is returned. Output, metrics and suspended state are checked when the body's result is
 * interpreted, before the output is stored.
 */
export function storableBodyRun(body: StageBodyRun, stageId: string): StageBodyRun {
  const { outcome, activity } = body;
  const logProblems = activity.logs.map((log, index) =>
    unstorableValue(stageId, `log[${index}]`, { message: log.message, meta: log.meta }),
  );
  const progressProblems = activity.progressEvents.map((event, index) =>
    unstorableValue(stageId, `progress[${index}]`, {
      message: event.message,
      details: event.details,
    }),
  );
  const problem =
    (outcome.kind === "failed"
      ? unstorableValue(stageId, "error", toStoredError(outcome.error))
      : undefined) ??
    logProblems.find((each) => each !== undefined) ??
    progressProblems.find((each) => each !== undefined);
  if (problem === undefined) return body;
  const progressEvents = activity.progressEvents.filter(
    (_, i) => progressProblems[i] === undefined,
  );
  const last = progressEvents.at(-1);
  const storable: StageActivity = {
    ...activity,
    logs: activity.logs.filter((_, index) => logProblems[index] === undefined),
    progressEvents,
    latestProgress: () =>
      last === undefined
        ? null
        : {
            progress: last.progress,
            message: last.message,
            ...(last.details === undefined ? {} : { details: last.details }),
          },
  };
  return { ...body, outcome: { kind: "failed", error: problem }, activity: storable };
}
