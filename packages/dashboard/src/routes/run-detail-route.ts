import type { RunDetail } from "@stageflow/kernel";
import type { Hono } from "hono";
import type { DashboardContext } from "../dashboard-context";
import { ApiError } from "../http/api-error";
import { jsonPreview } from "../values/json-preview";
import { readStageOutputs, stageInput } from "../values/stage-values";

/** The run's totals: duration so far, tokens and cost (the larger of stages' and AI calls'). */
export function runTotals(detail: RunDetail, now: number = Date.now()) {
  const { run } = detail;
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const durationMs =
    run.durationMs ?? (run.startedAt === null ? null : Math.max(0, now - run.startedAt.getTime()));
  const cost = Math.max(run.totalCost, detail.aiCostSoFar, sum(detail.stages.map((s) => s.cost)));
  return {
    durationMs,
    inputTokens: Math.max(
      sum(detail.stages.map((s) => s.inputTokens)),
      sum(detail.aiCalls.map((call) => call.inputTokens)),
    ),
    outputTokens: Math.max(
      sum(detail.stages.map((s) => s.outputTokens)),
      sum(detail.aiCalls.map((call) => call.outputTokens)),
    ),
    cost: Math.round(cost * 1e10) / 1e10,
  };
}

/** The detail of `runId`, or a 404. */
export async function requireRunDetail(
  context: DashboardContext,
  runId: string,
): Promise<RunDetail> {
  const detail = await context.kernel.query.getRunDetail(runId);
  if (detail === null) throw new ApiError("NOT_FOUND", `No run "${runId}" exists.`);
  return detail;
}

/** `GET /api/runs/:id`: the run with its stages (input and output previews), logs, events, AI calls. */
export function registerRunDetailRoute(api: Hono, context: DashboardContext): void {
  api.get("/runs/:id", async (c) => {
    const detail = await requireRunDetail(context, c.req.param("id"));
    const outputs = await readStageOutputs(context.blobStore, detail);
    const stages = await Promise.all(
      detail.stages.map(async (stage) => {
        const output = outputs.get(stage.stageId);
        const input = await stageInput(context.blobStore, detail, stage.stageId, outputs);
        return {
          ...stage,
          input: input === undefined ? null : jsonPreview(input),
          output: output === undefined ? null : jsonPreview(output),
        };
      }),
    );
    const { input: runInput, output: runOutput, ...run } = detail.run;
    return c.json({
      run: { ...run, input: jsonPreview(runInput), output: jsonPreview(runOutput ?? null) },
      stages,
      logs: detail.logs,
      events: detail.events,
      aiCalls: detail.aiCalls,
      aiCostSoFar: detail.aiCostSoFar,
      totals: runTotals(detail),
    });
  });
}
