import { InvalidQueryError } from "../errors/command-errors";
import type { Persistence } from "../ports/persistence";
import type { RunCountRow } from "../ports/run-queries";
import type { OutboxStatus } from "../records/outbox-record";
import type { RunStatus } from "../records/run-record";
import { parseCostsByDay } from "./parse-costs-by-day";
import { parseRunFilter } from "./parse-run-filter";
import { limitField, RUN_STATUSES, rangeField, textField, timeField } from "./query-fields";
import { decodeCursor, encodeCursor } from "./run-cursor";
import { readRunDetail } from "./run-detail";
import type {
  EventPage,
  ListEventsOptions,
  RunCounts,
  RunQueryApi,
  StatusCounts,
} from "./run-query-types";
import { toRunSummary } from "./run-summary";

function zeroCounts(): StatusCounts {
  return Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
}

function toCounts(rows: readonly RunCountRow[]): RunCounts {
  const byStatus = zeroCounts();
  const byWorkflow: Record<string, { total: number; byStatus: StatusCounts }> = {};
  let total = 0;
  for (const row of rows) {
    total += row.count;
    byStatus[row.status] += row.count;
    byWorkflow[row.workflowId] ??= { total: 0, byStatus: zeroCounts() };
    const workflow = byWorkflow[row.workflowId] as { total: number; byStatus: StatusCounts };
    workflow.total += row.count;
    workflow.byStatus[row.status] += row.count;
  }
  return { total, byStatus, byWorkflow };
}

/**
 * The query API over a persistence: validated, typed reads for CLIs, dashboards and scripts
 * (`kernel.query` is one of these over the kernel's persistence).
 *
 * @example
 * ```ts
 * const queries = createRunQueries(persistence);
 * const page = await queries.listRuns({ status: ["FAILED", "CANCELLED"], createdAfter: "2030-01-01" });
 * const next = page.nextCursor ? await queries.listRuns({ status: ["FAILED", "CANCELLED"], cursor: page.nextCursor }) : null;
 * ```
 */
export function createRunQueries(persistence: Persistence): RunQueryApi {
  return {
    async listRuns(options = {}) {
      const filter = parseRunFilter("listRuns", options);
      const order = options.order ?? "newest";
      if (order !== "newest" && order !== "oldest") {
        throw new InvalidQueryError("listRuns", "order", 'must be "newest" or "oldest"');
      }
      const limit = limitField("listRuns", options.limit);
      const after = decodeCursor("listRuns", order, options.cursor);
      const rows = await persistence.queries.listRuns({
        filter,
        order,
        limit: limit + 1,
        ...(after ? { after } : {}),
      });
      const runs = rows.slice(0, limit).map(toRunSummary);
      const last = runs[runs.length - 1];
      const nextCursor = rows.length > limit && last ? encodeCursor(order, last) : null;
      return { runs, nextCursor };
    },

    async countRuns(options = {}) {
      return toCounts(await persistence.queries.countRuns(parseRunFilter("countRuns", options)));
    },

    async getRunDetail(workflowRunId) {
      const id = textField("getRunDetail", "workflowRunId", workflowRunId) as string;
      return readRunDetail(persistence, id);
    },

    listDeadLetters: (options = {}) =>
      listEventPage(persistence, "listDeadLetters", options, "DLQ"),

    listEvents: (options = {}) => listEventPage(persistence, "listEvents", options, undefined),

    async costsByDay(options) {
      return persistence.queries.aiCostsByDay(parseCostsByDay(options));
    },
  };
}

const OUTBOX_STATUSES: readonly OutboxStatus[] = ["PENDING", "PUBLISHED", "DLQ"];

/** `listDeadLetters` (state fixed to DLQ, oldest first) and `listEvents`, validated and paged. */
async function listEventPage(
  persistence: Persistence,
  query: "listDeadLetters" | "listEvents",
  options: ListEventsOptions,
  fixedStatus: OutboxStatus | undefined,
): Promise<EventPage> {
  if (typeof options !== "object" || options === null) {
    throw new InvalidQueryError(query, "options", "must be an object");
  }
  const workflowRunId = textField(query, "workflowRunId", options.workflowRunId);
  const type = textField(query, "type", options.type);
  const createdAfter = timeField(query, "createdAfter", options.createdAfter);
  const createdBefore = timeField(query, "createdBefore", options.createdBefore);
  rangeField(query, "createdAfter", createdAfter, createdBefore);
  const limit = limitField(query, options.limit);
  const status = fixedStatus ?? options.status;
  if (status !== undefined && !OUTBOX_STATUSES.includes(status)) {
    throw new InvalidQueryError(query, "status", `must be one of ${OUTBOX_STATUSES.join(", ")}`);
  }
  const order = fixedStatus ? "oldest" : (options.order ?? "newest");
  if (order !== "newest" && order !== "oldest") {
    throw new InvalidQueryError(query, "order", 'must be "newest" or "oldest"');
  }
  const after = decodeCursor(query, order, options.cursor);
  const rows = await persistence.queries.listEvents({
    order,
    limit: limit + 1,
    ...(status ? { status } : {}),
    ...(workflowRunId ? { workflowRunId } : {}),
    ...(type ? { type } : {}),
    ...(createdAfter ? { createdAfter } : {}),
    ...(createdBefore ? { createdBefore } : {}),
    ...(after ? { after } : {}),
  });
  const events = rows.slice(0, limit);
  const last = events[events.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(order, last) : null;
  return { events, nextCursor };
}
