import type { Hono } from "hono";
import { z } from "zod";
import type { DashboardContext } from "../dashboard-context";
import { parseParams, readJsonBody } from "../http/parse-params";
import { assertActionAllowed } from "../http/write-guard";
import { cancelRun, rerunRun, retryRun } from "./run-actions";

const cancelBody = z.object({ reason: z.string().max(1000).optional() }).strict();
const rerunBody = z.object({ fromStageId: z.string().min(1).max(512) }).strict();
const retryBody = z.object({}).strict();

/** `POST /api/runs/:id/cancel`, `…/rerun` and `…/retry`. */
export function registerActionRoutes(api: Hono, context: DashboardContext): void {
  api.post("/runs/:id/cancel", async (c) => {
    assertActionAllowed(context, "cancel");
    const { reason } = parseParams(cancelBody, await readJsonBody(c.req.raw), "body");
    return c.json(await cancelRun(context, c.req.param("id"), reason));
  });

  api.post("/runs/:id/rerun", async (c) => {
    assertActionAllowed(context, "rerun");
    const { fromStageId } = parseParams(rerunBody, await readJsonBody(c.req.raw), "body");
    return c.json(await rerunRun(context, c.req.param("id"), fromStageId));
  });

  api.post("/runs/:id/retry", async (c) => {
    assertActionAllowed(context, "retry");
    parseParams(retryBody, await readJsonBody(c.req.raw), "body");
    return c.json(await retryRun(context, c.req.param("id")));
  });
}
