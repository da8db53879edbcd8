import { defineStage, type StageContext, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";

/** What a stage body reports, so the demo can show which worker ran what. */
export interface StageActivity {
  readonly event: "start" | "done";
  readonly workflowRunId: string;
  readonly stageId: string;
  readonly attempt: number;
}

let reporter: (activity: StageActivity) => void = () => {};

/** Installs the function stage bodies report to (the worker prints JSON lines). */
export function setActivityReporter(report: (activity: StageActivity) => void): void {
  reporter = report;
}

/** This process's worker id, recorded in every stage output. */
export const WORKER_ID = process.env.STAGEFLOW_WORKER_ID ?? `worker-${process.pid}`;

/** Simulated work (a model call, say) that stops at once when the run is cancelled or the lease lost. */
async function work(ctx: StageContext<unknown, { workMs: number }>): Promise<void> {
  reporter({
    event: "start",
    workflowRunId: ctx.workflowRunId,
    stageId: ctx.stageId,
    attempt: ctx.attempt,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ctx.config.workMs);
    ctx.signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(ctx.signal.reason);
    });
  });
  reporter({
    event: "done",
    workflowRunId: ctx.workflowRunId,
    stageId: ctx.stageId,
    attempt: ctx.attempt,
  });
}

const Ticket = z.object({ ticketId: z.string(), subject: z.string(), body: z.string() });
const Parsed = z.object({ ticketId: z.string(), words: z.array(z.string()), by: z.string() });
const Config = z.object({ workMs: z.number().int().min(0).default(400) });
type AfterParse = { parse: z.output<typeof Parsed> };

const parse = defineStage({
  id: "parse",
  name: "Parse",
  schemas: { input: Ticket, output: Parsed, config: Config },
  async execute(ctx) {
    await work(ctx);
    const words = `${ctx.input.subject} ${ctx.input.body}`.toLowerCase().split(/\W+/);
    return {
      output: { ticketId: ctx.input.ticketId, words: words.filter(Boolean), by: WORKER_ID },
    };
  },
});

const classify = defineStage.withContext<AfterParse>()({
  id: "classify",
  name: "Classify",
  dependencies: ["parse"],
  schemas: {
    input: "none",
    output: z.object({ category: z.string(), by: z.string() }),
    config: Config,
  },
  async execute(ctx) {
    await work(ctx);
    const { words } = ctx.require("parse");
    const category = words.includes("invoice")
      ? "billing"
      : words.includes("login")
        ? "access"
        : "general";
    return { output: { category, by: WORKER_ID } };
  },
});

const draft = defineStage.withContext<AfterParse>()({
  id: "draft",
  name: "Draft reply",
  dependencies: ["parse"],
  schemas: {
    input: "none",
    output: z.object({ reply: z.string(), by: z.string() }),
    config: Config,
  },
  async execute(ctx) {
    await work(ctx);
    const { ticketId, words } = ctx.require("parse");
    return {
      output: {
        reply: `Re ${ticketId}: thanks, we read all ${words.length} words.`,
        by: WORKER_ID,
      },
    };
  },
});

/** The run output: the answer, and which worker executed each stage. */
export const TicketResult = z.object({
  ticketId: z.string(),
  category: z.string(),
  reply: z.string(),
  executedBy: z.record(z.string(), z.string()),
});

const finalize = defineStage.withContext<
  AfterParse & {
    classify: { category: string; by: string };
    draft: { reply: string; by: string };
  }
>()({
  id: "finalize",
  name: "Finalize",
  dependencies: ["parse", "classify", "draft"],
  schemas: { input: "none", output: TicketResult, config: Config },
  async execute(ctx) {
    await work(ctx);
    const parsed = ctx.require("parse");
    const classified = ctx.require("classify");
    const drafted = ctx.require("draft");
    return {
      output: {
        ticketId: parsed.ticketId,
        category: classified.category,
        reply: drafted.reply,
        executedBy: {
          parse: parsed.by,
          classify: classified.by,
          draft: drafted.by,
          finalize: WORKER_ID,
        },
      },
    };
  },
});

/** parse → [classify ‖ draft] → finalize, each stage taking `workMs`. */
export const ticketWorkflow = new WorkflowBuilder(
  "ticket-triage",
  "Ticket triage",
  "Parses, classifies and answers a support ticket",
  Ticket,
  TicketResult,
)
  .pipe(parse)
  .parallel([classify, draft])
  .pipe(finalize)
  .build();
