import type { LogRecord, NewLogRecord } from "@stageflow/kernel";
import type { InMemoryState } from "./in-memory-state";
import { copyOut, toRequiredDate, toStoredJson } from "./stored-value";

/** `Persistence.appendLogs`: all lines are checked before any is stored. */
export function appendLogs(state: InMemoryState, entries: NewLogRecord[]): void {
  const records = entries.map(
    (entry): LogRecord => ({
      id: crypto.randomUUID(),
      workflowRunId: entry.workflowRunId,
      stageId: entry.stageId,
      stageRecordId: entry.stageRecordId,
      level: entry.level,
      message: entry.message,
      meta: toStoredJson(entry.meta, "log.meta"),
      createdAt: toRequiredDate(entry.createdAt, "log.createdAt"),
    }),
  );
  state.logs.push(...records);
}

/** `Persistence.getLogs`: insertion order; `limit` keeps the first lines. */
export function getLogs(
  state: InMemoryState,
  workflowRunId: string,
  options?: { stageId?: string; limit?: number },
): LogRecord[] {
  const lines = state.logs.filter(
    (line) =>
      line.workflowRunId === workflowRunId &&
      (options?.stageId === undefined || line.stageId === options.stageId),
  );
  const limit = options?.limit;
  return copyOut(limit === undefined ? lines : lines.slice(0, Math.max(0, limit)));
}
