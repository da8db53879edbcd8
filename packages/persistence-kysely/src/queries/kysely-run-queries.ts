import type {
  AICallSummary,
  EventPageRequest,
  OutboxRecord,
  RunCountRow,
  RunFilter,
  RunPageRequest,
  RunQueries,
  RunStatus,
  RunSummaryRecord,
} from "@stageflow/kernel";
import { sql } from "kysely";
import { toOutboxRecord } from "../codec/outbox-row";
import { toRunSummaryRecord } from "../codec/run-row";
import { readNumber } from "../codec/value-codec";
import type { Scope } from "../scope/scope";
import { aiCostsByDay } from "./ai-costs-by-day";
import { runFilterConditions } from "./run-filter-conditions";
import { runPageQuery } from "./run-page-query";

/** Splitting a listing into one ordered index scan per (status, workflow) pair stops here. */
const MAX_SPLIT = 25;

/**
 * `filter` as filters of one status and one workflow each, when it names several (so each part
 * is one ordered range of a `(status | workflow_id, created_at, id)` index and the parts merge),
 * or `[filter]`.
 */
function splitFilter(filter: RunFilter): RunFilter[] {
  const statuses = filter.statuses ?? [undefined];
  const workflows = filter.workflowIds ?? [undefined];
  if (statuses.length * workflows.length <= 1 || statuses.length * workflows.length > MAX_SPLIT) {
    return [filter];
  }
  return statuses.flatMap((status) =>
    workflows.map((workflowId) => ({
      ...filter,
      ...(status === undefined ? {} : { statuses: [status] }),
      ...(workflowId === undefined ? {} : { workflowIds: [workflowId] }),
    })),
  );
}

function compareRuns(newest: boolean) {
  return (a: RunSummaryRecord, b: RunSummaryRecord): number => {
    const byTime = a.createdAt.getTime() - b.createdAt.getTime();
    const order = byTime !== 0 ? byTime : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return newest ? -order : order;
  };
}

/** `RunQueries` on one scope (the root database or an open transaction). */
export function kyselyRunQueries(scope: Scope): RunQueries {
  const { context } = scope;
  const { codec } = context;

  async function page(request: RunPageRequest): Promise<RunSummaryRecord[]> {
    const rows = await runPageQuery(scope.executor(), context, request).execute();
    return rows.map((row) => toRunSummaryRecord(row, codec));
  }

  return {
    async listRuns(request) {
      const parts = splitFilter(request.filter);
      if (parts.length === 1) return page(request);
      const pages: RunSummaryRecord[][] = [];
      // One part at a time: SQLite has one connection, and in a transaction so does Postgres.
      for (const filter of parts) pages.push(await page({ ...request, filter }));
      return pages
        .flat()
        .sort(compareRuns(request.order === "newest"))
        .slice(0, request.limit);
    },

    async countRuns(filter) {
      const rows = await scope
        .executor()
        .selectFrom("stageflow_runs")
        .select(["workflow_id", "status", (eb) => eb.fn.countAll().as("count")])
        .where((eb) => eb.and(runFilterConditions(eb, filter, context)))
        // On SQLite a plain GROUP BY walks the workflow index and reads every run by rowid; the
        // unary `+` makes it group the filtered rows in a small temporary B-tree instead.
        .groupBy(
          context.dialect === "sqlite"
            ? [sql`+workflow_id`, sql`+status`]
            : ["workflow_id", "status"],
        )
        .execute();
      return rows.map(
        (row): RunCountRow => ({
          workflowId: row.workflow_id,
          status: row.status as RunStatus,
          count: readNumber(row.count),
        }),
      );
    },

    async listEvents(request: EventPageRequest): Promise<OutboxRecord[]> {
      let query = scope.executor().selectFrom("stageflow_outbox_events").selectAll();
      if (request.status !== undefined) query = query.where("status", "=", request.status);
      if (request.workflowRunId !== undefined) {
        query = query.where("workflow_run_id", "=", request.workflowRunId);
      }
      if (request.type !== undefined) query = query.where("type", "=", request.type);
      if (request.createdAfter) {
        query = query.where("created_at", ">=", codec.timestamp(request.createdAfter));
      }
      if (request.createdBefore) {
        query = query.where("created_at", "<", codec.timestamp(request.createdBefore));
      }
      const after = request.after;
      if (after !== undefined) {
        const position = sql`(${codec.timestamp(after.createdAt)}, ${after.id})`;
        query = query.where(
          request.order === "oldest"
            ? sql<boolean>`(created_at, id) > ${position}`
            : sql<boolean>`(created_at, id) < ${position}`,
        );
      }
      const direction = request.order === "oldest" ? "asc" : "desc";
      const rows = await query
        .orderBy("created_at", direction)
        .orderBy("id", direction)
        .limit(request.limit)
        .execute();
      return rows.map((row) => toOutboxRecord(row, codec));
    },

    async listAICalls(workflowRunId): Promise<AICallSummary[]> {
      const rows = await scope
        .executor()
        .selectFrom("stageflow_ai_calls")
        .selectAll()
        .where("workflow_run_id", "=", workflowRunId)
        .orderBy("id")
        .execute();
      return rows.map((row) => ({
        stageId: row.stage_id,
        topic: row.topic,
        provider: row.provider,
        model: row.model,
        kind: row.kind,
        inputTokens: readNumber(row.input_tokens),
        outputTokens: readNumber(row.output_tokens),
        cost: readNumber(row.cost),
        batch: row.batch === true || row.batch === 1,
        batchId: row.batch_id,
        status: row.status as AICallSummary["status"],
        error: row.error,
        durationMs: readNumber(row.duration_ms),
        createdAt: codec.readTimestamp(row.created_at),
        cached: row.cached === true || row.cached === 1,
      }));
    },

    aiCostsByDay: (request) => aiCostsByDay(scope, request),
  };
}
