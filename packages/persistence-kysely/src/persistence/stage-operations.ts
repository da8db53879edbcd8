import {
  StageNotFoundError,
  type StageRecord,
  StaleVersionError,
  type UpdateOptions,
  type UpdateStageInput,
} from "@stageflow/kernel";
import type { Selectable, Updateable } from "kysely";
import { toStageRecord } from "../codec/stage-row";
import { toJsonText } from "../codec/value-codec";
import type { StagesTable } from "../schema/stages-table";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { readRowsSql } from "../sql/read-rows";
import { updateRowSql } from "../sql/update-row-sql";

/** `Persistence.getStage`. */
export async function getStage(
  scope: Scope,
  workflowRunId: string,
  stageId: string,
): Promise<StageRecord | null> {
  const row = await scope
    .executor()
    .selectFrom("stageflow_stages")
    .selectAll()
    .where("workflow_run_id", "=", workflowRunId)
    .where("stage_id", "=", stageId)
    .executeTakeFirst();
  return row ? toStageRecord(row, scope.context.codec) : null;
}

/** `Persistence.getStagesByRun`: by group, then stage id. */
export async function getStagesByRun(scope: Scope, workflowRunId: string): Promise<StageRecord[]> {
  const { rows } = await runSql<Selectable<StagesTable>>(
    scope,
    readRowsSql(scope.context.dialect).stagesByRun,
    [workflowRunId],
  );
  return rows.map((row) => toStageRecord(row, scope.context.codec));
}

/** The column values `updateStage` sets for `patch` (always `updated_at`). */
export function stagePatch(
  scope: Scope,
  patch: UpdateStageInput,
  now: Date,
): Updateable<StagesTable> {
  const { codec } = scope.context;
  const set: Updateable<StagesTable> = { updated_at: codec.timestamp(now) };
  if (patch.suspendedState !== undefined) {
    set.suspended_state = toJsonText(patch.suspendedState, "stage.suspendedState");
  }
  if (patch.error !== undefined) set.error = toJsonText(patch.error, "stage.error");
  if (patch.progress !== undefined) set.progress = toJsonText(patch.progress, "stage.progress");
  if (patch.metrics !== undefined) set.metrics = toJsonText(patch.metrics, "stage.metrics");
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.attempt !== undefined) set.attempt = patch.attempt;
  if (patch.outputRef !== undefined) set.output_ref = patch.outputRef;
  if (patch.nextPollAt !== undefined) set.next_poll_at = codec.timestampOrNull(patch.nextPollAt);
  if (patch.pollIntervalMs !== undefined) set.poll_interval_ms = patch.pollIntervalMs;
  if (patch.maxWaitUntil !== undefined) {
    set.max_wait_until = codec.timestampOrNull(patch.maxWaitUntil);
  }
  if (patch.cost !== undefined) set.cost = patch.cost;
  if (patch.inputTokens !== undefined) set.input_tokens = patch.inputTokens;
  if (patch.outputTokens !== undefined) set.output_tokens = patch.outputTokens;
  if (patch.startedAt !== undefined) set.started_at = codec.timestampOrNull(patch.startedAt);
  if (patch.completedAt !== undefined) set.completed_at = codec.timestampOrNull(patch.completedAt);
  if (patch.durationMs !== undefined) set.duration_ms = patch.durationMs;
  if (patch.traceparent !== undefined) set.traceparent = patch.traceparent;
  return set;
}

/** `Persistence.updateStage`: one conditional `UPDATE … RETURNING`; a miss is then explained. */
export async function updateStage(
  scope: Scope,
  id: string,
  patch: UpdateStageInput,
  now: Date,
  options?: UpdateOptions,
): Promise<StageRecord> {
  const set = stagePatch(scope, patch, now);
  const expected = options?.expectedVersion;
  const parameters: unknown[] = Object.values(set);
  parameters.push(id);
  if (expected !== undefined) parameters.push(expected);
  const text = updateRowSql(
    scope.context.dialect,
    "stageflow_stages",
    Object.keys(set),
    expected !== undefined,
  );
  const row = (await runSql<Selectable<StagesTable>>(scope, text, parameters)).rows[0];
  if (row) return toStageRecord(row, scope.context.codec);
  const current = await scope
    .executor()
    .selectFrom("stageflow_stages")
    .select("version")
    .where("id", "=", id)
    .executeTakeFirst();
  if (!current) throw new StageNotFoundError(id);
  throw new StaleVersionError("stage", id, expected ?? 0, Number(current.version));
}

/** `Persistence.deleteStages`. */
export async function deleteStages(
  scope: Scope,
  workflowRunId: string,
  stageIds: readonly string[],
): Promise<number> {
  if (stageIds.length === 0) return 0;
  const result = await scope
    .executor()
    .deleteFrom("stageflow_stages")
    .where("workflow_run_id", "=", workflowRunId)
    .where("stage_id", "in", [...new Set(stageIds)])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
