import { BatchFailedError } from "../errors/stage-errors";
import type { SuspendedCheckRun } from "./check-suspended-stage";
import type { StageBodyOutcome } from "./interpret-stage-result";
import { storableBodyRun } from "./storable-body-run";

/**
 * A `checkCompletion` run as it can be stored, by the rule of {@link storableBodyRun}: when its
 * failure, log lines or progress reports hold a value the database cannot store, the check
 * becomes a ready-and-failed one with an `UnstorableValueError`, without the offending lines.
 */
export function storableCheckRun(checked: SuspendedCheckRun, stageId: string): SuspendedCheckRun {
  const { check } = checked;
  const outcome: StageBodyOutcome =
    check.kind === "ready"
      ? check.outcome
      : check.kind === "batch-failed"
        ? { kind: "failed", error: new BatchFailedError(stageId, check.error) }
        : // Not ready: only the activity is checked.
          { kind: "completed", output: undefined, outputRef: "", customMetrics: undefined };
  const body = { outcome, usage: checked.usage, activity: checked.activity };
  const storable = storableBodyRun(body, stageId);
  if (storable === body) return checked;
  return {
    ...checked,
    check: { kind: "ready", outcome: storable.outcome },
    activity: storable.activity,
  };
}
