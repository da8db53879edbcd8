import type { StoredError } from "../records/run-record";

/** Fields every event carries. */
export interface EventBase {
  workflowRunId: string;
  workflowId: string;
  /** ISO-8601 time of the state change. */
  timestamp: string;
  /** The event's per-run outbox sequence (set when published). */
  sequence?: number;
}

/** A run was created (PENDING). */
export interface WorkflowCreatedEvent extends EventBase {
  type: "workflow:created";
  priority: number;
}
/** A worker claimed the run and queued its first group. */
export interface WorkflowStartedEvent extends EventBase {
  type: "workflow:started";
  workerId: string;
}
/** The last group completed. */
export interface WorkflowCompletedEvent extends EventBase {
  type: "workflow:completed";
  output: unknown;
  /** Milliseconds from start to completion. */
  duration: number;
  totalCost: number;
  totalTokens: number;
}
/** A stage failed for good (or a suspended stage timed out). */
export interface WorkflowFailedEvent extends EventBase {
  type: "workflow:failed";
  error: StoredError;
}
/** `run.cancel` cancelled the run. */
export interface WorkflowCancelledEvent extends EventBase {
  type: "workflow:cancelled";
  reason: string | null;
}
/**
 * `run.rerunFrom` deleted the group of `fromStageId` and every later one and re-queued the run
 * from that group.
 */
export interface WorkflowRerunEvent extends EventBase {
  type: "workflow:rerun";
  fromStageId: string;
  /** The execution group (1-based) the run restarts from. */
  fromGroup: number;
  /** Stage ids whose records and outputs were deleted. */
  deletedStages: string[];
}
/** A stage attempt began executing. */
export interface StageStartedEvent extends EventBase {
  type: "stage:started";
  stageId: string;
  stageName: string;
  groupIndex: number;
  attempt: number;
}
/** A stage body reported progress. */
export interface StageProgressEvent extends EventBase {
  type: "stage:progress";
  stageId: string;
  progress: number;
  message: string;
  details?: Record<string, unknown>;
}
/** A stage completed; its output is in the blob store. */
export interface StageCompletedEvent extends EventBase {
  type: "stage:completed";
  stageId: string;
  duration: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
}
/** An async-batch stage suspended until `nextPollAt`. */
export interface StageSuspendedEvent extends EventBase {
  type: "stage:suspended";
  stageId: string;
  nextPollAt: string;
}
/** An attempt failed; `willRetry` tells whether another attempt is scheduled. */
export interface StageFailedEvent extends EventBase {
  type: "stage:failed";
  stageId: string;
  attempt: number;
  willRetry: boolean;
  /** ISO-8601 time the retry becomes due, when `willRetry`. */
  retryAt?: string;
  error: StoredError;
}

/**
 * A cron schedule started this run for one of its ticks (written with `workflow:created`, in the
 * transaction that advanced the schedule).
 */
export interface ScheduleFiredEvent extends EventBase {
  type: "schedule:fired";
  scheduleId: string;
  /** The tick (ISO-8601) the run belongs to; for `schedule.trigger`, the trigger time. */
  scheduledFor: string;
  /** What started it: the cron tick (`tick`), `schedule.trigger` or `schedule.backfill`. */
  reason: "tick" | "trigger" | "backfill";
}

/**
 * A schedule skipped ticks in one `schedule.tick`: `missed` (older than the catch-up window),
 * `overlap` (a run of the schedule was still going), `exists` (the tick had a run already) or
 * `invalid` (the workflow or its schemas refused the stored input). There is no run: the event's
 * `workflowRunId` is the schedule's event stream, `schedule:<scheduleId>`, in which these events
 * are numbered and published in order.
 */
export interface ScheduleSkippedEvent extends EventBase {
  type: "schedule:skipped";
  scheduleId: string;
  reason: "missed" | "overlap" | "exists" | "invalid";
  /** How many ticks were skipped for this reason. */
  count: number;
  /** The skipped ticks (ISO-8601), the first 100 of them. */
  ticks: string[];
  /** Why the run could not be created, for `invalid`. */
  error?: string;
}

/** Every event the kernel writes to the outbox. */
export type StageflowEvent =
  | WorkflowCreatedEvent
  | WorkflowStartedEvent
  | WorkflowCompletedEvent
  | WorkflowFailedEvent
  | WorkflowCancelledEvent
  | WorkflowRerunEvent
  | StageStartedEvent
  | StageProgressEvent
  | StageCompletedEvent
  | StageSuspendedEvent
  | StageFailedEvent
  | ScheduleFiredEvent
  | ScheduleSkippedEvent;

/** The `type` strings of `StageflowEvent`. */
export type StageflowEventType = StageflowEvent["type"];

/** The event of a given type. */
export type EventOfType<T extends StageflowEventType> = Extract<StageflowEvent, { type: T }>;
