import { defineStage } from "@stageflow/core";
import { z } from "zod";
import { DocumentInput, ExtractOutput } from "./schemas";

/**
 * Group 1: splits a document into its title (first line) and paragraphs. No AI: plain code runs
 * in a stage like everything else, with retries and a durable output.
 */
export const extractStage = defineStage({
  id: "extract",
  name: "Extract",
  description: "Title, paragraphs and word count of a plain-text document",
  schemas: {
    input: DocumentInput,
    output: ExtractOutput,
    config: z.object({ minParagraphWords: z.number().int().min(1).default(5) }),
  },
  async execute(ctx) {
    const [firstLine = "", ...rest] = ctx.input.text.trim().split(/\r?\n/);
    const body = rest.join("\n").trim();
    const blocks = body.split(/\n\s*\n/).map((block) => block.replace(/\s+/g, " ").trim());
    const paragraphs: string[] = [];
    for (const [index, block] of blocks.entries()) {
      if (block.split(" ").length >= ctx.config.minParagraphWords) paragraphs.push(block);
      ctx.onProgress({
        progress: (index + 1) / blocks.length,
        message: `paragraph ${index + 1}/${blocks.length}`,
      });
    }
    if (paragraphs.length === 0) paragraphs.push(body || firstLine);
    const wordCount = paragraphs.join(" ").split(" ").filter(Boolean).length;
    ctx.log("INFO", `Extracted ${paragraphs.length} paragraphs`, { wordCount });
    return {
      output: {
        documentId: ctx.input.documentId,
        title: firstLine.trim() || ctx.input.documentId,
        body: paragraphs.join("\n\n"),
        paragraphs,
        wordCount,
      },
      customMetrics: { paragraphs: paragraphs.length, words: wordCount },
    };
  },
});
