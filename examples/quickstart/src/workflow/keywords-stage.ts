import { defineStage } from "@stageflow/core";
import { z } from "zod";
import { aiFor, type DocumentAI } from "./document-ai";
import { type ExtractOutput, KeywordsOutput } from "./schemas";

/** What we ask the model for; `generateObject` validates the answer against it. */
const KeywordsAnswer = z.object({
  keywords: z.array(z.string()).min(1).max(8),
  topic: z.string(),
});

/** Group 2 (parallel with `summarize`): structured output (zod) from the text model. */
export function keywordsStage(ai: DocumentAI) {
  return defineStage.withContext<{ extract: ExtractOutput }>()({
    id: "keywords",
    name: "Keywords",
    dependencies: ["extract"],
    schemas: { input: "none", output: KeywordsOutput, config: z.object({}) },
    async execute(ctx) {
      const doc = ctx.require("extract");
      ctx.onProgress({ progress: 0.1, message: `asking ${ai.textModel}` });
      const { object } = await aiFor(ai, ctx).generateObject(
        ai.textModel,
        doc.body,
        KeywordsAnswer,
        {
          system: "List up to 8 lowercase keywords of the document and its topic in one word.",
          schemaName: "keywords",
        },
      );
      ctx.onProgress({ progress: 1, message: `${object.keywords.length} keywords` });
      const keywords = [...new Set(object.keywords.map((k) => k.toLowerCase().trim()))];
      return { output: { keywords, topic: object.topic.toLowerCase() } };
    },
  });
}
