// The workflow of the cross-run batching crash tests (plain JS, shared by the test process and
// the worker processes): one batched text request per run on gpt-4o-mini.
import { batched, defineBatchedStage, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";

export const CRASH_WORKFLOW_ID = "batch-crash";

export function createBatchCrashWorkflow() {
  const ask = defineBatchedStage({
    id: "ask",
    name: "Ask",
    schemas: {
      input: z.object({ prompt: z.string() }),
      output: z.object({ answer: z.string() }),
      config: z.object({}),
    },
    retry: { maxAttempts: 3, backoff: { initialDelayMs: 50, multiplier: 1 } },
    requests: (ctx) => ({
      answer: batched.text("gpt-4o-mini", ctx.input.prompt, { maxTokens: 20 }),
    }),
    complete: (results) => ({ answer: results.answer.value }),
  });
  return new WorkflowBuilder(
    CRASH_WORKFLOW_ID,
    "Batch crash",
    "One batched request per run",
    z.object({ prompt: z.string() }),
    z.object({ answer: z.string() }),
  )
    .pipe(ask)
    .build();
}
