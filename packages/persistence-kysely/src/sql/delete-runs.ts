import type { DeletedRunRows, RunStatus } from "@stageflow/kernel";
import { type DeleteResult, type Kysely, sql } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import type { StageflowDatabase } from "../schema/stageflow-database";
import type { Scope } from "../scope/scope";

/**
 * The statement deleting the idempotency keys whose stored result names one of `runIds`, by the
 * expression index of migration 0004 (the expression must stay exactly the index's).
 */
export function deleteIdempotencyKeysOfRuns(
  db: Kysely<StageflowDatabase>,
  dialect: StageflowDialect,
  runIds: readonly string[],
) {
  const runOfKey =
    dialect === "postgres"
      ? sql`(result ->> 'workflowRunId')`
      : sql`json_extract(result, '$.workflowRunId')`;
  return db.deleteFrom("stageflow_idempotency_keys").where(runOfKey, "in", [...runIds]);
}

function count(result: DeleteResult): number {
  return Number(result.numDeletedRows);
}

/**
 * `Persistence.deleteRuns`: deletes the runs still in an allowed status (`RETURNING` their ids,
 * so a run that changed status concurrently is kept), then their rows in every table, each by
 * its run index. Idempotency keys are found by the run id inside their stored result, through
 * the expression index of migration 0004.
 */
export async function deleteRuns(
  scope: Scope,
  ids: readonly string[],
  statuses: readonly RunStatus[],
): Promise<DeletedRunRows> {
  const none = {
    runIds: [],
    stages: 0,
    jobs: 0,
    logs: 0,
    outboxEvents: 0,
    aiCalls: 0,
    idempotencyKeys: 0,
  };
  if (ids.length === 0 || statuses.length === 0) return none;
  return scope.atomic(async (tx) => {
    const db = tx.executor();
    const deleted = await db
      .deleteFrom("stageflow_runs")
      .where("id", "in", [...new Set(ids)])
      .where("status", "in", [...statuses])
      .returning("id")
      .execute();
    const runIds = deleted.map((row) => row.id);
    if (runIds.length === 0) return none;
    const byRun = async (table: string): Promise<number> => {
      const result =
        await sql`delete from ${sql.table(table)} where workflow_run_id in (${sql.join(runIds)})`.execute(
          db,
        );
      return Number(result.numAffectedRows ?? 0);
    };
    const stages = await byRun("stageflow_stages");
    const jobs = await byRun("stageflow_jobs");
    const logs = await byRun("stageflow_logs");
    const outboxEvents = await byRun("stageflow_outbox_events");
    await byRun("stageflow_outbox_sequences");
    const aiCalls = await byRun("stageflow_ai_calls");
    // Cross-run batched requests of the runs (provider batch rows are shared, and stay).
    await byRun("stageflow_ai_batch_requests");
    await byRun("stageflow_ai_budgets");
    const runOfKey =
      tx.context.dialect === "postgres"
        ? sql`(result ->> 'workflowRunId')`
        : sql`json_extract(result, '$.workflowRunId')`;
    const idempotencyKeys = count(
      await db
        .deleteFrom("stageflow_idempotency_keys")
        .where(runOfKey, "in", runIds)
        .executeTakeFirst(),
    );
    return { runIds, stages, jobs, logs, outboxEvents, aiCalls, idempotencyKeys };
  });
}
