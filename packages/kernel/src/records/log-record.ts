import type { LogLevel } from "@stageflow/core";

/** A log line written by a stage through `ctx.log`, or by the kernel about a run. */
export interface LogRecord {
  id: string;
  workflowRunId: string;
  stageId: string | null;
  /** The stage record the line belongs to, when it came from a stage. */
  stageRecordId: string | null;
  level: LogLevel;
  message: string;
  meta: Record<string, unknown> | null;
  createdAt: Date;
}

/** What `Persistence.appendLogs` needs for one line. */
export type NewLogRecord = Omit<LogRecord, "id">;
