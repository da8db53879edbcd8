import {
  type ListRunsFilter,
  RunNotFoundError,
  type RunRecord,
  StaleVersionError,
  type UpdateOptions,
  type UpdateRunInput,
} from "@stageflow/kernel";
import type { Selectable, Updateable } from "kysely";
import { toRunRecord } from "../codec/run-row";
import { toJsonText } from "../codec/value-codec";
import type { RunsTable } from "../schema/runs-table";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { notifyChannel } from "../sql/notify";
import { readRowsSql } from "../sql/read-rows";
import { updateRowSql } from "../sql/update-row-sql";

/** `Persistence.getRun`; `forUpdate` takes a row lock on Postgres. */
export async function getRun(
  scope: Scope,
  id: string,
  options?: { forUpdate?: boolean },
): Promise<RunRecord | null> {
  const texts = readRowsSql(scope.context.dialect);
  const { rows } = await runSql<Selectable<RunsTable>>(
    scope,
    options?.forUpdate ? texts.runForUpdate : texts.run,
    [id],
  );
  const row = rows[0];
  return row ? toRunRecord(row, scope.context.codec) : null;
}

/** The column values `updateRun` sets for `patch` (always `updated_at`). */
export function runPatch(scope: Scope, patch: UpdateRunInput, now: Date): Updateable<RunsTable> {
  const { codec } = scope.context;
  const set: Updateable<RunsTable> = { updated_at: codec.timestamp(now) };
  if (patch.output !== undefined) set.output = toJsonText(patch.output, "run.output");
  if (patch.error !== undefined) set.error = toJsonText(patch.error, "run.error");
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.currentGroup !== undefined) set.current_group = patch.currentGroup;
  if (patch.totalCost !== undefined) set.total_cost = patch.totalCost;
  if (patch.totalTokens !== undefined) set.total_tokens = patch.totalTokens;
  if (patch.claimedBy !== undefined) set.claimed_by = patch.claimedBy;
  if (patch.cancelReason !== undefined) set.cancel_reason = patch.cancelReason;
  if (patch.startedAt !== undefined) set.started_at = codec.timestampOrNull(patch.startedAt);
  if (patch.completedAt !== undefined) set.completed_at = codec.timestampOrNull(patch.completedAt);
  return set;
}

/** `Persistence.updateRun`: one conditional `UPDATE … RETURNING`; a miss is then explained. */
export async function updateRun(
  scope: Scope,
  id: string,
  patch: UpdateRunInput,
  now: Date,
  options?: UpdateOptions,
): Promise<RunRecord> {
  const set = runPatch(scope, patch, now);
  const expected = options?.expectedVersion;
  const parameters: unknown[] = Object.values(set);
  parameters.push(id);
  if (expected !== undefined) parameters.push(expected);
  const text = updateRowSql(
    scope.context.dialect,
    "stageflow_runs",
    Object.keys(set),
    expected !== undefined,
  );
  const row = (await runSql<Selectable<RunsTable>>(scope, text, parameters)).rows[0];
  if (!row) {
    const current = await scope
      .executor()
      .selectFrom("stageflow_runs")
      .select("version")
      .where("id", "=", id)
      .executeTakeFirst();
    if (!current) throw new RunNotFoundError(id);
    throw new StaleVersionError("run", id, expected ?? 0, Number(current.version));
  }
  if (patch.status === "PENDING") await notifyChannel(scope, "runs");
  return toRunRecord(row, scope.context.codec);
}

/** `Persistence.listRuns`: oldest first (ties in creation order). */
export async function listRuns(scope: Scope, filter: ListRunsFilter): Promise<RunRecord[]> {
  const { codec } = scope.context;
  let query = scope.executor().selectFrom("stageflow_runs").selectAll();
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.workflowId !== undefined) query = query.where("workflow_id", "=", filter.workflowId);
  if (filter.updatedBefore !== undefined) {
    query = query.where("updated_at", "<", codec.timestamp(filter.updatedBefore));
  }
  query = query.orderBy("created_at").orderBy("id");
  if (filter.limit !== undefined) query = query.limit(Math.max(0, filter.limit));
  const rows = await query.execute();
  return rows.map((row) => toRunRecord(row, codec));
}
