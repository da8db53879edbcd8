// The workflow of the cross-process trace test, in plain JavaScript so worker processes load it
// without a TypeScript loader: prepare → [summarize (one AI call) ‖ embed (async batch)].
import { createAIHelper } from "@stageflow/ai";
import { openaiProvider } from "@stageflow/ai-openai";
import { defineAsyncBatchStage, defineStage, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";

const Text = z.object({ text: z.string() });
const NoConfig = z.object({});

/**
 * @param {{ openaiBaseURL: string, apiKey: string }} options - where the summarize stage's AI
 *   call goes (the loopback fake of the OpenAI API).
 */
export function createTracedWorkflow(options) {
  const provider = openaiProvider({ apiKey: options.apiKey, baseURL: options.openaiBaseURL });
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
    async execute(ctx) {
      const ai = createAIHelper(`summarize.${ctx.workflowRunId}`, undefined, {
        providers: [provider],
        stage: ctx,
      });
      const { text } = await ai.generateText("gpt-4o-mini", ctx.input.text, { maxTokens: 64 });
      return { output: { text } };
    },
  });
  const embed = defineAsyncBatchStage({
    id: "embed",
    name: "Embed",
    mode: "async-batch",
    schemas: { input: Text, output: z.object({ dims: z.number() }), config: NoConfig },
    async execute(ctx) {
      return {
        suspended: true,
        state: {
          batchId: `batch-${ctx.workflowRunId}`,
          submittedAt: new Date().toISOString(),
          pollInterval: 1000,
          maxWaitTime: 600_000,
          metadata: { provider: "openai" },
        },
        // Due at once: the test polls when it decides to.
        pollConfig: { pollInterval: 1000, maxWaitTime: 600_000, nextPollAt: new Date(0) },
      };
    },
    async checkCompletion() {
      return { ready: true, output: { dims: 3 } };
    },
  });
  return new WorkflowBuilder(
    "traced",
    "Traced",
    "One trace across processes and a batch",
    Text,
    z.object({ summarize: Text, embed: z.object({ dims: z.number() }) }),
  )
    .pipe(prepare)
    .parallel([summarize, embed])
    .build();
}
