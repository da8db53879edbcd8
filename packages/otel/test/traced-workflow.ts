import {
  defineAsyncBatchStage,
  defineStage,
  NonRetryableError,
  WorkflowBuilder,
} from "@stageflow/core";
import { z } from "zod";

const Text = z.object({ text: z.string() });
const NoConfig = z.object({});

/** prepare → [summarize ‖ embed (async batch)]; summarize reports one AI call through ctx.telemetry. */
export function createTracedWorkflow(options: { failSummarizeAttempts?: number } = {}) {
  const prepare = defineStage({
    id: "prepare",
    name: "Prepare",
    schemas: { input: Text, output: Text, config: NoConfig },
    async execute(ctx) {
      return { output: { text: ctx.input.text.trim() } };
    },
  });
  const summarize = defineStage({
    id: "summarize",
    name: "Summarize",
    schemas: { input: Text, output: Text, config: NoConfig },
    retry: { maxAttempts: 3, backoff: { initialDelayMs: 5, maxDelayMs: 5 } },
    async execute(ctx) {
      if (ctx.attempt <= (options.failSummarizeAttempts ?? 0)) {
        if (ctx.attempt === 3) throw new NonRetryableError("gave up");
        throw new Error(`flaky attempt ${ctx.attempt}`);
      }
      const call = ctx.telemetry?.startAICall({
        operation: "chat",
        provider: "openai",
        model: "gpt-4o",
      });
      call?.end({ inputTokens: 12, outputTokens: 3, costUsd: 0.0001, responseId: "chatcmpl-9" });
      return { output: { text: ctx.input.text.slice(0, 5) } };
    },
  });
  const embed = defineAsyncBatchStage({
    id: "embed",
    name: "Embed",
    mode: "async-batch",
    schemas: { input: Text, output: z.object({ dims: z.number() }), config: NoConfig },
    async execute(ctx) {
      const now = Date.now();
      return {
        suspended: true,
        state: {
          batchId: `batch-${ctx.workflowRunId}`,
          submittedAt: new Date(now).toISOString(),
          pollInterval: 1000,
          maxWaitTime: 600_000,
          metadata: { provider: "openai" },
        },
        // Due at once (the test clocks are not the wall clock).
        pollConfig: { pollInterval: 1000, maxWaitTime: 600_000, nextPollAt: new Date(0) },
      };
    },
    async checkCompletion() {
      return { ready: true, output: { dims: 3 } };
    },
  });
  const Output = z.object({ summarize: Text, embed: z.object({ dims: z.number() }) });
  return new WorkflowBuilder("traced", "Traced", "Spans across a batch", Text, Output)
    .pipe(prepare)
    .parallel([summarize, embed])
    .build();
}
