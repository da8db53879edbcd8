import type { RunPageRequest } from "@stageflow/kernel";
import { type Kysely, sql } from "kysely";
import type { DatabaseContext } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { runFilterConditions } from "./run-filter-conditions";

/** The columns of a listed run: every one but input, config and output. */
export const RUN_SUMMARY_COLUMNS = [
  "id",
  "workflow_id",
  "status",
  "priority",
  "metadata",
  "current_group",
  "error",
  "cancel_reason",
  "total_cost",
  "total_tokens",
  "budget_usd",
  "claimed_by",
  "traceparent",
  "tracestate",
  "created_at",
  "started_at",
  "completed_at",
  "updated_at",
  "version",
] as const;

/**
 * The statement of one page of `RunQueries.listRuns`: the filter's conditions, strictly after
 * `request.after` in `(created_at, id)` order (a row-value comparison, which both dialects
 * satisfy from the `(…, created_at, id)` indexes), ordered and limited. Exported so tests can
 * `EXPLAIN` exactly what runs.
 */
export function runPageQuery(
  db: Kysely<StageflowDatabase>,
  context: DatabaseContext,
  request: RunPageRequest,
) {
  const { codec } = context;
  const newest = request.order === "newest";
  const direction = newest ? "desc" : "asc";
  return db
    .selectFrom("stageflow_runs")
    .select([...RUN_SUMMARY_COLUMNS])
    .where((eb) => {
      const conditions = runFilterConditions(eb, request.filter, context);
      const after = request.after;
      if (after !== undefined) {
        const position = sql`(${codec.timestamp(after.createdAt)}, ${after.id})`;
        conditions.push(
          newest
            ? sql<boolean>`(created_at, id) < ${position}`
            : sql<boolean>`(created_at, id) > ${position}`,
        );
      }
      return eb.and(conditions);
    })
    .orderBy("created_at", direction)
    .orderBy("id", direction)
    .limit(request.limit);
}
