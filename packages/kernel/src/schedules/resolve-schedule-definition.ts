import type { ScheduleDefinition, TimeInput } from "../commands/schedule-command-types";
import { wholeNumberField } from "../commands/whole-number-field";
import { InvalidCommandError } from "../errors/command-errors";
import { validateRunCreate } from "../handlers/run-create";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { ScheduleOverlapPolicy, ScheduleRecord } from "../records/schedule-record";
import { type CronSpec, parseCron } from "./cron-spec";

/** Default of `catchupWindowMs`: a day, so a nightly schedule survives a night of downtime. */
export const DEFAULT_CATCHUP_WINDOW_MS = 86_400_000;

const OVERLAP_POLICIES: ReadonlySet<string> = new Set<ScheduleOverlapPolicy>([
  "skip",
  "allow",
  "bufferOne",
  "cancelPrevious",
]);

/** The checked definition fields of a schedule record, and its parsed cron. */
export interface ResolvedScheduleDefinition {
  readonly spec: CronSpec;
  readonly fields: Pick<
    ScheduleRecord,
    | "id"
    | "workflowId"
    | "cron"
    | "timezone"
    | "input"
    | "config"
    | "overlap"
    | "catchupWindowMs"
    | "jitterMs"
    | "pauseOnFailure"
    | "startAt"
    | "endAt"
  >;
}

/**
 * Checks every field of a schedule definition, the way `run.create` would check a run of it
 * (unknown workflow, input or config failing their schemas), before anything is written.
 *
 * @throws `InvalidCommandError`, `InvalidCronError`, `UnknownTimezoneError`,
 *   `WorkflowNotFoundError` or `ValidationError`.
 */
export function resolveScheduleDefinition(
  deps: KernelDeps,
  commandType: string,
  definition: ScheduleDefinition,
): ResolvedScheduleDefinition {
  const id = definition.scheduleId;
  if (typeof id !== "string" || id.trim() === "" || id.length > 200) {
    throw new InvalidCommandError(
      commandType,
      "scheduleId",
      "must be a non-empty string of at most 200 characters",
    );
  }
  const timezone = definition.timezone ?? "UTC";
  const spec = parseCron(definition.cron, timezone);
  const overlap = definition.overlap ?? "skip";
  if (!OVERLAP_POLICIES.has(overlap)) {
    throw new InvalidCommandError(
      commandType,
      "overlap",
      `must be one of ${[...OVERLAP_POLICIES].join(", ")}`,
    );
  }
  const catchupWindowMs = wholeNumberField(
    commandType,
    "catchupWindowMs",
    definition.catchupWindowMs ?? DEFAULT_CATCHUP_WINDOW_MS,
    0,
  );
  const jitterMs = wholeNumberField(commandType, "jitterMs", definition.jitterMs ?? 0, 0);
  const startAt = timeField(commandType, "startAt", definition.startAt);
  const endAt = timeField(commandType, "endAt", definition.endAt);
  if (startAt !== null && endAt !== null && endAt.getTime() <= startAt.getTime()) {
    throw new InvalidCommandError(commandType, "endAt", "must be after startAt");
  }
  const pauseOnFailure = definition.pauseOnFailure ?? false;
  if (typeof pauseOnFailure !== "boolean") {
    throw new InvalidCommandError(commandType, "pauseOnFailure", "must be a boolean");
  }
  if (definition.paused !== undefined && typeof definition.paused !== "boolean") {
    throw new InvalidCommandError(commandType, "paused", "must be a boolean");
  }
  const valid = validateRunCreate(deps, {
    type: "run.create",
    workflowId: definition.workflowId,
    input: definition.input,
    ...(definition.config === undefined ? {} : { config: definition.config }),
  });
  return {
    spec,
    fields: {
      id,
      workflowId: valid.workflowId,
      cron: definition.cron,
      timezone,
      input: definition.input === undefined ? null : definition.input,
      config: definition.config ?? null,
      overlap,
      catchupWindowMs,
      jitterMs,
      pauseOnFailure,
      startAt,
      endAt,
    },
  };
}

/**
 * A time field as a `Date` (null when absent).
 *
 * @throws `InvalidCommandError` for anything that is not a valid date or ISO-8601 string.
 */
export function timeField(
  commandType: string,
  field: string,
  value: TimeInput | null | undefined,
): Date | null {
  if (value === undefined || value === null) return null;
  const date =
    value instanceof Date
      ? new Date(value.getTime())
      : typeof value === "string"
        ? new Date(value)
        : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw new InvalidCommandError(commandType, field, "must be a Date or an ISO-8601 string");
  }
  return date;
}
