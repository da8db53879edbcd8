import type { Hono } from "hono";
import { z } from "zod";
import type { DashboardContext } from "../dashboard-context";
import { ApiError } from "../http/api-error";
import { parseParams } from "../http/parse-params";
import { queryObject } from "../http/query-object";

const DAY_MS = 86_400_000;
/** Longest range of one costs request, in days. */
const MAX_DAYS = 3660;

const day = z.iso.date();
const costsQuery = z
  .object({
    from: day.optional(),
    to: day.optional(),
    workflow: z.string().min(1).max(512).optional(),
  })
  .strict();

function dayText(value: Date): string {
  return value.toISOString().slice(0, 10);
}

const round = (value: number) => Math.round(value * 1e10) / 1e10;

/**
 * `GET /api/costs?from=YYYY-MM-DD&to=YYYY-MM-DD&workflow=`: AI calls, tokens and cost per UTC day
 * and workflow (`to` inclusive; default the last 30 days), and their sums per workflow.
 */
export function registerCostsRoute(api: Hono, context: DashboardContext): void {
  api.get("/costs", async (c) => {
    const query = parseParams(costsQuery, queryObject(c.req.raw), "query");
    const today = new Date(new Date().toISOString().slice(0, 10));
    const to = query.to ? new Date(query.to) : today;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 29 * DAY_MS);
    const days = (to.getTime() - from.getTime()) / DAY_MS + 1;
    if (days < 1 || days > MAX_DAYS) {
      const message = `must be on or before to, at most ${MAX_DAYS} days apart`;
      throw new ApiError("INVALID_PARAMETER", `Invalid parameter query.from: ${message}`, {
        issues: [{ parameter: "query.from", message }],
      });
    }
    const rows = await context.kernel.query.costsByDay({
      from,
      to: new Date(to.getTime() + DAY_MS),
      ...(query.workflow ? { workflowId: query.workflow } : {}),
    });
    const last = dayText(to);
    const first = dayText(from);
    const dayRows = rows
      .map((row) => ({
        day: row.day,
        workflowId: row.workflowId,
        calls: row.calls,
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        cost: round(row.cost),
      }))
      .sort((a, b) => a.day.localeCompare(b.day) || a.workflowId.localeCompare(b.workflowId));
    const totals = new Map<
      string,
      { workflowId: string; calls: number; inputTokens: number; outputTokens: number; cost: number }
    >();
    for (const row of dayRows) {
      const total = totals.get(row.workflowId) ?? {
        workflowId: row.workflowId,
        calls: 0,
        inputTokens: 0,
        outputTokens: 0,
        cost: 0,
      };
      total.calls += row.calls;
      total.inputTokens += row.inputTokens;
      total.outputTokens += row.outputTokens;
      total.cost = round(total.cost + row.cost);
      totals.set(row.workflowId, total);
    }
    const byWorkflow = [...totals.values()].sort(
      (a, b) => b.cost - a.cost || a.workflowId.localeCompare(b.workflowId),
    );
    return c.json({ from: first, to: last, days: dayRows, byWorkflow });
  });
}
