import { batched, defineBatchedStage, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";

/** One batched text request per run; the run's output is the answer. */
export function askWorkflow(model: string) {
  const ask = defineBatchedStage({
    id: "ask",
    name: "Ask",
    schemas: {
      input: z.object({ prompt: z.string() }),
      output: z.object({ answer: z.string(), cost: z.number() }),
      config: z.object({}),
    },
    retry: { maxAttempts: 3, backoff: { initialDelayMs: 10, multiplier: 1 } },
    requests: (ctx) => ({ answer: batched.text(model, ctx.input.prompt, { maxTokens: 50 }) }),
    // `results.answer.value` is a string: the type follows the request.
    complete: (results) => ({ answer: results.answer.value, cost: results.answer.cost }),
  });
  return new WorkflowBuilder(
    `ask-${model}`,
    "Ask",
    "One batched request per run",
    z.object({ prompt: z.string() }),
    z.object({ answer: z.string(), cost: z.number() }),
  )
    .pipe(ask)
    .build();
}
