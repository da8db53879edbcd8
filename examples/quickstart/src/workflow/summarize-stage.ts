import { defineStage } from "@stageflow/core";
import { z } from "zod";
import { aiFor, type DocumentAI } from "./document-ai";
import { type ExtractOutput, SummaryOutput } from "./schemas";

/** Group 2 (parallel with `keywords`): a short summary from the text model. */
export function summarizeStage(ai: DocumentAI) {
  return defineStage.withContext<{ extract: ExtractOutput }>()({
    id: "summarize",
    name: "Summarize",
    dependencies: ["extract"],
    schemas: {
      input: "none",
      output: SummaryOutput,
      config: z.object({ maxWords: z.number().int().min(10).default(60) }),
    },
    async execute(ctx) {
      const doc = ctx.require("extract");
      ctx.onProgress({ progress: 0.1, message: `asking ${ai.textModel}` });
      const { text } = await aiFor(ai, ctx).generateText(ai.textModel, doc.body, {
        system: `Summarize the document in at most ${ctx.config.maxWords} words. Plain prose.`,
        maxTokens: ctx.config.maxWords * 2,
      });
      ctx.onProgress({ progress: 1, message: "summary ready" });
      return { output: { summary: text.trim() } };
    },
  });
}
