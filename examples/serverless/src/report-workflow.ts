import { defineAsyncBatchStage, defineStage, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";

const Request = z.object({ customer: z.string(), months: z.number().int().min(1).max(24) });
const Collected = z.object({ customer: z.string(), rows: z.number().int() });
const Rendered = z.object({ url: z.string(), pages: z.number().int() });

const collect = defineStage({
  id: "collect",
  name: "Collect rows",
  schemas: { input: Request, output: Collected, config: z.object({}) },
  async execute(ctx) {
    return { output: { customer: ctx.input.customer, rows: ctx.input.months * 31 } };
  },
});

/**
 * Renders the report on an external service that takes a while: submits the job and suspends,
 * so no invocation waits for it; a later cron tick's `stage.pollSuspended` finds it ready.
 * (The "service" here is a timestamp; a real one would be an HTTP API.)
 */
const render = defineAsyncBatchStage({
  id: "render",
  name: "Render PDF",
  mode: "async-batch",
  schemas: {
    input: Collected,
    output: Rendered,
    config: z.object({ renderMs: z.number().int().min(1).default(300) }),
  },
  async execute(ctx) {
    const now = Date.now();
    return {
      suspended: true,
      state: {
        batchId: `render-${ctx.workflowRunId}`,
        submittedAt: new Date(now).toISOString(),
        pollInterval: ctx.config.renderMs,
        maxWaitTime: 3_600_000,
        metadata: {
          readyAt: now + ctx.config.renderMs,
          rows: ctx.input.rows,
          customer: ctx.input.customer,
        },
      },
      pollConfig: {
        pollInterval: ctx.config.renderMs,
        maxWaitTime: 3_600_000,
        nextPollAt: new Date(now + ctx.config.renderMs),
      },
    };
  },
  async checkCompletion(state) {
    const readyAt = Number(state.metadata?.readyAt ?? 0);
    if (Date.now() < readyAt) return { ready: false, nextCheckIn: readyAt - Date.now() };
    const rows = Number(state.metadata?.rows ?? 0);
    return {
      ready: true,
      output: {
        url: `https://reports.example/${state.metadata?.customer}.pdf`,
        pages: Math.ceil(rows / 40),
      },
    };
  },
});

const deliver = defineStage({
  id: "deliver",
  name: "Deliver",
  schemas: {
    input: Rendered,
    output: z.object({ delivered: z.string(), pages: z.number().int() }),
    config: z.object({}),
  },
  async execute(ctx) {
    return { output: { delivered: ctx.input.url, pages: ctx.input.pages } };
  },
});

/** collect → render (suspends on an external job) → deliver. */
export const reportWorkflow = new WorkflowBuilder(
  "monthly-report",
  "Monthly report",
  "Collects a customer's rows, renders a PDF externally, delivers it",
  Request,
  z.object({ delivered: z.string(), pages: z.number().int() }),
)
  .pipe(collect)
  .pipe(render)
  .pipe(deliver)
  .build();
