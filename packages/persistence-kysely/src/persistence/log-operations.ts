import type { LogLevel } from "@stageflow/core";
import type { LogRecord } from "@stageflow/kernel";
import type { Scope } from "../scope/scope";

/** `Persistence.getLogs`: insertion order; `limit` keeps the first lines. */
export async function getLogs(
  scope: Scope,
  workflowRunId: string,
  options?: { stageId?: string; limit?: number },
): Promise<LogRecord[]> {
  const { codec } = scope.context;
  let query = scope
    .executor()
    .selectFrom("stageflow_logs")
    .selectAll()
    .where("workflow_run_id", "=", workflowRunId);
  if (options?.stageId !== undefined) query = query.where("stage_id", "=", options.stageId);
  query = query.orderBy("id");
  if (options?.limit !== undefined) query = query.limit(Math.max(0, options.limit));
  const rows = await query.execute();
  return rows.map((row) => ({
    id: String(row.id),
    workflowRunId: row.workflow_run_id,
    stageId: row.stage_id,
    stageRecordId: row.stage_record_id,
    level: row.level as LogLevel,
    message: row.message,
    meta: codec.readJson(row.meta) as Record<string, unknown> | null,
    createdAt: codec.readTimestamp(row.created_at),
  }));
}
