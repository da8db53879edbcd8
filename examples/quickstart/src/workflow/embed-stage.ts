import { type BatchedRequest, batched, defineBatchedStage } from "@stageflow/core";
import { z } from "zod";
import type { DocumentAI } from "./document-ai";
import { EmbedOutput, type ExtractOutput } from "./schemas";

const VECTORS_KEY = "vectors";

/**
 * Group 3: embeds every paragraph through the provider's batch API (half price on the real
 * vendors), batched **across runs**: `requests` hands one embedding request per paragraph to the
 * engine and the stage suspends; the engine's collector puts the paragraphs of every document
 * into one provider batch, polls it once, and resumes each run with its own vectors, in this
 * process or in any other one after a restart. The vectors go to the stage's storage, not to
 * the output.
 */
export function embedStage(ai: DocumentAI) {
  return defineBatchedStage.withContext<{ extract: ExtractOutput }>()({
    id: "embed",
    name: "Embed (batched across runs)",
    dependencies: ["extract"],
    schemas: {
      input: "none",
      output: EmbedOutput,
      config: z.object({
        maxWaitMs: z
          .number()
          .int()
          .positive()
          .default(24 * 3_600_000),
      }),
    },
    maxWaitTime: 24 * 3_600_000,
    requests(ctx) {
      const { paragraphs } = ctx.require("extract");
      ctx.onProgress({ progress: 0.5, message: `${paragraphs.length} chunks handed to the batch` });
      const requests: Record<string, BatchedRequest<number[]>> = {};
      for (const [i, text] of paragraphs.entries()) {
        requests[`p${i}`] = batched.embedding(ai.embedModel, text);
      }
      return requests;
    },
    async complete(results, ctx) {
      const byIndex = (key: string) => Number(key.slice(1));
      const vectors = Object.keys(results)
        .sort((a, b) => byIndex(a) - byIndex(b))
        .map((key) => results[key]?.value ?? []);
      await ctx.storage.save(VECTORS_KEY, vectors);
      return {
        model: ai.embedModel,
        chunks: vectors.length,
        dimensions: vectors[0]?.length ?? 0,
        vectorsKey: VECTORS_KEY,
        batchId: "cross-run",
      };
    },
  });
}
