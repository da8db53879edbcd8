import type { Hono } from "hono";
import { z } from "zod";
import type { DashboardContext } from "../dashboard-context";
import { parseParams, readJsonBody } from "../http/parse-params";
import { queryObject } from "../http/query-object";
import { assertActionAllowed } from "../http/write-guard";

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

const replayBody = z
  .object({ eventIds: z.array(z.string().min(1).max(512)).min(1).max(1000).optional() })
  .strict();

/** Events replayed per command when replaying the whole queue. */
const REPLAY_PAGE = 1000;

/** `GET /api/dlq` (dead letters, oldest first) and `POST /api/dlq/replay` (some or all). */
export function registerDlqRoutes(api: Hono, context: DashboardContext): void {
  api.get("/dlq", async (c) => {
    const { limit, cursor } = parseParams(listQuery, queryObject(c.req.raw), "query");
    const page = await context.kernel.query.listDeadLetters({
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return c.json(page);
  });

  api.post("/dlq/replay", async (c) => {
    assertActionAllowed(context, "replay");
    const { eventIds } = parseParams(replayBody, await readJsonBody(c.req.raw), "body");
    if (eventIds !== undefined) {
      const command = { type: "plugin.replayDLQ", eventIds, maxEvents: eventIds.length } as const;
      const { replayed } = await context.kernel.dispatch(command);
      return c.json({ replayed });
    }
    let replayed = 0;
    for (;;) {
      const result = await context.kernel.dispatch({
        type: "plugin.replayDLQ",
        maxEvents: REPLAY_PAGE,
      });
      replayed += result.replayed;
      if (result.replayed < REPLAY_PAGE) break;
    }
    return c.json({ replayed });
  });
}
