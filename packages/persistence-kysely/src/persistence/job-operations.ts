import type { JobRecord } from "@stageflow/kernel";
import type { Selectable } from "kysely";
import { toJobRecord } from "../codec/job-row";
import type { JobsTable } from "../schema/jobs-table";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { notifyChannel } from "../sql/notify";
import { readRowsSql } from "../sql/read-rows";

/** `Persistence.getJob`. */
export async function getJob(scope: Scope, id: string): Promise<JobRecord | null> {
  const { rows } = await runSql<Selectable<JobsTable>>(
    scope,
    readRowsSql(scope.context.dialect).job,
    [id],
  );
  const row = rows[0];
  return row ? toJobRecord(row, scope.context.codec) : null;
}

/** `Persistence.getJobsByRun`: oldest first. */
export async function getJobsByRun(scope: Scope, workflowRunId: string): Promise<JobRecord[]> {
  const rows = await scope
    .executor()
    .selectFrom("stageflow_jobs")
    .selectAll()
    .where("workflow_run_id", "=", workflowRunId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => toJobRecord(row, scope.context.codec));
}

/** `Persistence.rescheduleJob`: PENDING again at `availableAt`, lease cleared; wakes workers. */
export async function rescheduleJob(
  scope: Scope,
  id: string,
  update: { attempt: number; availableAt: Date; lastError: string | null },
  now: Date,
): Promise<void> {
  const { codec } = scope.context;
  const result = await scope
    .executor()
    .updateTable("stageflow_jobs")
    .set({
      status: "PENDING",
      attempt: update.attempt,
      available_at: codec.timestamp(update.availableAt),
      last_error: update.lastError,
      locked_by: null,
      locked_at: null,
      heartbeat_at: null,
      updated_at: codec.timestamp(now),
    })
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) await notifyChannel(scope, "jobs");
}

/** `Persistence.failJob`. */
export async function failJob(scope: Scope, id: string, error: string, now: Date): Promise<void> {
  await scope
    .executor()
    .updateTable("stageflow_jobs")
    .set({ status: "FAILED", last_error: error, updated_at: scope.context.codec.timestamp(now) })
    .where("id", "=", id)
    .execute();
}

/** `Persistence.cancelJobsByRun`: PENDING and RUNNING jobs become CANCELLED. */
export async function cancelJobsByRun(
  scope: Scope,
  workflowRunId: string,
  now: Date,
): Promise<number> {
  const result = await scope
    .executor()
    .updateTable("stageflow_jobs")
    .set({ status: "CANCELLED", updated_at: scope.context.codec.timestamp(now) })
    .where("workflow_run_id", "=", workflowRunId)
    .where("status", "in", ["PENDING", "RUNNING"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** `Persistence.deleteJobs`. */
export async function deleteJobs(
  scope: Scope,
  workflowRunId: string,
  stageIds: readonly string[],
): Promise<number> {
  if (stageIds.length === 0) return 0;
  const result = await scope
    .executor()
    .deleteFrom("stageflow_jobs")
    .where("workflow_run_id", "=", workflowRunId)
    .where("stage_id", "in", [...new Set(stageIds)])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
