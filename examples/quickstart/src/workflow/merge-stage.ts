import { defineStage } from "@stageflow/core";
import { z } from "zod";
import {
  DocumentRecord,
  type EmbedOutput,
  type ExtractOutput,
  type KeywordsOutput,
  type SummaryOutput,
} from "./schemas";

type BeforeMerge = {
  extract: ExtractOutput;
  summarize: SummaryOutput;
  keywords: KeywordsOutput;
  embed: EmbedOutput;
};

/** Group 4: reads every earlier output (typed through `withContext`) into one record. */
export const mergeStage = defineStage.withContext<BeforeMerge>()({
  id: "merge",
  name: "Merge",
  dependencies: ["extract", "summarize", "keywords", "embed"],
  schemas: { input: "none", output: DocumentRecord, config: z.object({}) },
  async execute(ctx) {
    const doc = ctx.require("extract");
    const { summary } = ctx.require("summarize");
    const { keywords, topic } = ctx.require("keywords");
    const { model, chunks, dimensions, vectorsKey } = ctx.require("embed");
    ctx.onProgress({ progress: 1, message: "merged" });
    return {
      output: {
        documentId: doc.documentId,
        title: doc.title,
        wordCount: doc.wordCount,
        summary,
        keywords,
        topic,
        embedding: { model, chunks, dimensions, vectorsKey },
      },
    };
  },
});
