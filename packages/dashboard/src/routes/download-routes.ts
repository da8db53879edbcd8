import type { Hono } from "hono";
import type { DashboardContext } from "../dashboard-context";
import { ApiError } from "../http/api-error";
import { stageInput, stageOutput } from "../values/stage-values";
import { requireRunDetail } from "./run-detail-route";

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, "_");
}

/** `GET /api/runs/:id/stages/:stageId/input` and `…/output`: the full JSON as a download. */
export function registerDownloadRoutes(api: Hono, context: DashboardContext): void {
  for (const kind of ["input", "output"] as const) {
    api.get(`/runs/:id/stages/:stageId/${kind}`, async (c) => {
      const runId = c.req.param("id");
      const stageId = c.req.param("stageId");
      const detail = await requireRunDetail(context, runId);
      const stage = detail.stages.find((s) => s.stageId === stageId);
      if (stage === undefined) {
        throw new ApiError("NOT_FOUND", `Run "${runId}" has no stage "${stageId}".`);
      }
      const value =
        kind === "output"
          ? await stageOutput(context.blobStore, stage)
          : await stageInput(context.blobStore, detail, stageId);
      if (value === undefined) {
        throw new ApiError(
          "NOT_FOUND",
          `Stage "${stageId}" of run "${runId}" has no ${kind} (yet).`,
        );
      }
      const filename = `${safeName(runId)}-${safeName(stageId)}-${kind}.json`;
      return new Response(JSON.stringify(value, null, 2), {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="${filename}"`,
          "cache-control": "no-store",
        },
      });
    });
  }
}
