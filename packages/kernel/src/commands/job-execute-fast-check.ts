import { textProblem } from "../json/find-unstorable-value";
import { OUTBOX_WAKEUPS } from "../ports/speculative-commit";
import { MAX_ID_LENGTH } from "./command-fields";

const MAX_INT32 = 2 ** 31 - 1;

function isId(value: unknown): boolean {
  return (
    typeof value === "string" &&
    value.length <= MAX_ID_LENGTH &&
    value.trim() !== "" &&
    textProblem(value) === undefined
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSignal(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.aborted === "boolean" &&
    typeof value.addEventListener === "function"
  );
}

function isStarted(value: unknown): boolean {
  if (!isRecord(value) || !isRecord(value.job) || !isRecord(value.run)) return false;
  if (!isId(value.job.id) || !isId(value.run.id) || !Array.isArray(value.stages)) return false;
  for (const stage of value.stages) if (!isRecord(stage) || !isId(stage.stageId)) return false;
  return true;
}

/**
 * True when a `job.execute` command certainly passes its schema in `COMMAND_SCHEMAS` (the same
 * checks, written out): hosts dispatch one per stage job, and this spares them the zod parse. A
 * false answer means nothing by itself: the schema then decides, and names the offending field.
 * Every condition here is one the schema imposes, so nothing the schema refuses gets through.
 */
export function isWellFormedJobExecute(command: Record<string, unknown>): boolean {
  return (
    isId(command.jobId) &&
    isId(command.workflowRunId) &&
    isId(command.workflowId) &&
    isId(command.stageId) &&
    isId(command.workerId) &&
    (command.signal === undefined || isSignal(command.signal)) &&
    (command.started === undefined || isStarted(command.started)) &&
    (command.snapshot === undefined || isStarted(command.snapshot)) &&
    (command.outboxWakeup === undefined ||
      (OUTBOX_WAKEUPS as readonly unknown[]).includes(command.outboxWakeup)) &&
    (command.startNextJobs === undefined ||
      (Number.isInteger(command.startNextJobs) &&
        (command.startNextJobs as number) >= 0 &&
        (command.startNextJobs as number) <= MAX_INT32)) &&
    (command.idempotencyKey === undefined || isId(command.idempotencyKey))
  );
}
