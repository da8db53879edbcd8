import type { AICostDayRow, AICostsByDayRequest } from "@stageflow/kernel";
import { type Kysely, sql } from "kysely";
import { readNumber } from "../codec/value-codec";
import type { DatabaseContext } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";
import type { Scope } from "../scope/scope";

/**
 * The statement of `RunQueries.aiCostsByDay`: one grouped read of `stageflow_ai_calls` in
 * `[from, to)` (a range of migration 0010's `created_at` index) joined to the runs for their
 * workflow id. The day is the UTC date of `created_at` (epoch milliseconds on SQLite,
 * `timestamptz` on Postgres).
 */
export function aiCostsByDayQuery(
  db: Kysely<StageflowDatabase>,
  context: DatabaseContext,
  request: AICostsByDayRequest,
) {
  const { codec, dialect } = context;
  const day =
    dialect === "postgres"
      ? sql<string>`to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD')`
      : sql<string>`strftime('%Y-%m-%d', c.created_at / 1000, 'unixepoch')`;
  let query = db
    .selectFrom("stageflow_ai_calls as c")
    .innerJoin("stageflow_runs as r", "r.id", "c.workflow_run_id")
    .select((eb) => [
      day.as("day"),
      "r.workflow_id as workflow_id",
      eb.fn.countAll().as("calls"),
      eb.fn.sum("c.input_tokens").as("input_tokens"),
      eb.fn.sum("c.output_tokens").as("output_tokens"),
      eb.fn.sum("c.cost").as("cost"),
    ])
    .where("c.created_at", ">=", codec.timestamp(request.from))
    .where("c.created_at", "<", codec.timestamp(request.to));
  if (request.workflowId !== undefined) {
    query = query.where("r.workflow_id", "=", request.workflowId);
  }
  return query.groupBy([day, "r.workflow_id"]).orderBy(sql`1`).orderBy(sql`2`);
}

/** `RunQueries.aiCostsByDay` in `scope`. */
export async function aiCostsByDay(
  scope: Scope,
  request: AICostsByDayRequest,
): Promise<AICostDayRow[]> {
  const rows = await aiCostsByDayQuery(scope.executor(), scope.context, request).execute();
  return rows.map((row) => ({
    day: String(row.day),
    workflowId: row.workflow_id,
    calls: readNumber(row.calls),
    inputTokens: readNumber(row.input_tokens),
    outputTokens: readNumber(row.output_tokens),
    cost: readNumber(row.cost),
  }));
}
