import type { RunCounts } from "@stageflow/kernel";
import type { Hono } from "hono";
import { z } from "zod";
import type { DashboardContext } from "../dashboard-context";
import { parseParams } from "../http/parse-params";
import { queryObject } from "../http/query-object";
import { parseFilterQuery, toRunFilter } from "../http/run-filter-params";
import { sharedInFlight } from "./shared-in-flight";

const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    cursor: z.string().min(1).max(2048).optional(),
    order: z.enum(["newest", "oldest"]).default("newest"),
  })
  .loose();

/** The query without its paging parameters: what remains is the filter. */
function withoutPaging(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter(([key]) => key !== "limit" && key !== "cursor" && key !== "order"),
  );
}

/** `GET /api/runs` (a page of runs) and `GET /api/runs/count` (counts of the filter). */
export function registerRunsRoutes(api: Hono, context: DashboardContext): void {
  api.get("/runs", async (c) => {
    const query = queryObject(c.req.raw);
    const { limit, cursor, order } = parseParams(listQuerySchema, query, "query");
    const filter = toRunFilter(parseFilterQuery(withoutPaging(query)));
    const page = await context.kernel.query.listRuns({
      ...filter,
      limit,
      order,
      ...(cursor ? { cursor } : {}),
    });
    return c.json(page);
  });

  // A count over many runs reads them all: identical counts asked at once share one read.
  const count = sharedInFlight<RunCounts>();
  api.get("/runs/count", async (c) => {
    const filter = toRunFilter(parseFilterQuery(queryObject(c.req.raw)));
    return c.json(
      await count(JSON.stringify(filter), () => context.kernel.query.countRuns(filter)),
    );
  });
}
