import type { Hono } from "hono";
import { z } from "zod";
import type { DashboardContext } from "../dashboard-context";
import { ApiError } from "../http/api-error";
import { toApiError } from "../http/kernel-error";
import { parseParams, readJsonBody } from "../http/parse-params";
import { filterObjectSchema, toRunFilter } from "../http/run-filter-params";
import { assertActionAllowed } from "../http/write-guard";
import { cancelRun, rerunRun, retryRun } from "./run-actions";

/** Most runs one bulk request acts on (narrow the filter for more). */
export const MAX_BULK_RUNS = 10_000;
const PAGE = 500;

const bulkBody = z
  .object({
    action: z.enum(["cancel", "retry", "rerun"]),
    ids: z.array(z.string().min(1).max(512)).min(1).max(1000).optional(),
    filter: filterObjectSchema.optional(),
    fromStageId: z.string().min(1).max(512).optional(),
    expectedCount: z.number().int().min(0).optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict()
  .refine((b) => (b.ids === undefined) !== (b.filter === undefined), {
    message: "give exactly one of ids and filter",
    path: ["ids"],
  })
  .refine((b) => b.action !== "rerun" || b.fromStageId !== undefined, {
    message: "fromStageId is required for rerun",
    path: ["fromStageId"],
  })
  .refine((b) => b.action === "rerun" || b.fromStageId === undefined, {
    message: "fromStageId is only for rerun",
    path: ["fromStageId"],
  });

type BulkBody = z.infer<typeof bulkBody>;

/** A run a bulk action could not act on. */
interface BulkFailure {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

async function actOn(context: DashboardContext, body: BulkBody, id: string): Promise<void> {
  if (body.action === "cancel") await cancelRun(context, id, body.reason);
  else if (body.action === "retry") await retryRun(context, id);
  else await rerunRun(context, id, body.fromStageId as string);
}

/** The ids a filter matches, newest first, page by page (later-created runs are not included). */
async function* matchingIds(context: DashboardContext, body: BulkBody): AsyncGenerator<string> {
  const filter = toRunFilter(body.filter ?? {});
  let cursor: string | undefined;
  do {
    const page = await context.kernel.query.listRuns({
      ...filter,
      order: "newest",
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    for (const run of page.runs) yield run.id;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/**
 * `POST /api/runs/bulk`: cancel, retry or rerun the runs of `ids`, or of a filter (with
 * `expectedCount`, 409 when the filter now matches another number). Each run is acted on alone;
 * failures are collected, not fatal.
 */
export function registerBulkRoute(api: Hono, context: DashboardContext): void {
  api.post("/runs/bulk", async (c) => {
    const body = parseParams(bulkBody, await readJsonBody(c.req.raw), "body");
    assertActionAllowed(context, body.action);
    if (body.filter !== undefined) {
      const { total } = await context.kernel.query.countRuns(toRunFilter(body.filter));
      if (body.expectedCount !== undefined && total !== body.expectedCount) {
        throw new ApiError(
          "CONFLICT",
          `The filter now matches ${total} runs, not the ${body.expectedCount} confirmed: check the count again.`,
          { expectedCount: body.expectedCount, matched: total },
        );
      }
      if (total > MAX_BULK_RUNS) {
        throw new ApiError(
          "INVALID_PARAMETER",
          `The filter matches ${total} runs; one bulk action handles at most ${MAX_BULK_RUNS}: narrow the filter.`,
          {
            issues: [
              { parameter: "body.filter", message: `matches more than ${MAX_BULK_RUNS} runs` },
            ],
          },
        );
      }
    }
    const ids = body.ids ? [...new Set(body.ids)] : matchingIds(context, body);
    let matched = 0;
    let succeeded = 0;
    const failed: BulkFailure[] = [];
    for await (const id of ids) {
      matched += 1;
      try {
        await actOn(context, body, id);
        succeeded += 1;
      } catch (error) {
        const apiError = toApiError(error);
        failed.push({ id, code: apiError.code, message: apiError.message });
      }
    }
    return c.json({ matched, succeeded, failed });
  });
}
