import type { AIBatchHandle } from "@stageflow/ai";
import { defineAsyncBatchStage } from "@stageflow/core";
import { z } from "zod";
import { aiFor, type DocumentAI } from "./document-ai";
import { EmbedOutput, type ExtractOutput } from "./schemas";

const VECTORS_KEY = "vectors";
const BATCH_KEY = "batch";

/**
 * Group 3: embeds every paragraph through the provider's batch API (half price on the real
 * vendors). `execute` submits the batch and suspends; the run's stage record holds the batch id
 * (never an API key) and the host polls `checkCompletion` until the batch is done, in this process
 * or in any other one after a restart. The vectors go to the stage's storage, not to the output.
 */
export function embedStage(ai: DocumentAI) {
  return defineAsyncBatchStage.withContext<{ extract: ExtractOutput }>()({
    id: "embed",
    name: "Embed (batch)",
    mode: "async-batch",
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
    async execute(ctx) {
      const { paragraphs } = ctx.require("extract");
      // A retried attempt reuses the batch an earlier attempt submitted instead of paying twice.
      let handle = await ctx.storage.load<AIBatchHandle>(BATCH_KEY);
      if (handle === undefined) {
        ctx.onProgress({ progress: 0.1, message: `submitting ${paragraphs.length} chunks` });
        handle = await aiFor(ai, ctx)
          .batch(ai.embedModel)
          .submit(paragraphs.map((text, i) => ({ id: `p${i}`, prompt: text, kind: "embedding" })));
        await ctx.storage.save(BATCH_KEY, handle);
      }
      ctx.onProgress({ progress: 0.5, message: `batch ${handle.id} submitted; suspending` });
      const now = Date.now();
      return {
        suspended: true,
        state: {
          batchId: handle.id,
          submittedAt: new Date(now).toISOString(),
          pollInterval: ai.batchPollMs,
          maxWaitTime: ctx.config.maxWaitMs,
          metadata: handle.metadata,
        },
        pollConfig: {
          pollInterval: ai.batchPollMs,
          maxWaitTime: ctx.config.maxWaitMs,
          nextPollAt: new Date(now + ai.batchPollMs),
        },
        customMetrics: { chunks: paragraphs.length },
      };
    },
    async checkCompletion(state, ctx) {
      const batch = aiFor(ai, ctx).batch<number[]>(ai.embedModel);
      const status = await batch.getStatus(state.batchId);
      if (status.status === "failed") {
        return { ready: false, error: `batch ${state.batchId} failed (${status.providerStatus})` };
      }
      if (status.status !== "completed") return { ready: false };
      // Called once, when complete: logs one record per request and adds the batch's usage.
      const results = await batch.getResults(state.batchId, state.metadata);
      const failed = results.filter((r) => r.status === "failed" || r.result === undefined);
      if (failed.length > 0) {
        return { ready: false, error: `${failed.length} embeddings failed: ${failed[0]?.error}` };
      }
      const byIndex = (id: string) => Number(id.slice(1));
      const vectors = [...results]
        .sort((a, b) => byIndex(a.id) - byIndex(b.id))
        .map((r) => r.result ?? []);
      await ctx.storage.save(VECTORS_KEY, vectors);
      return {
        ready: true,
        output: {
          model: ai.embedModel,
          chunks: vectors.length,
          dimensions: vectors[0]?.length ?? 0,
          vectorsKey: VECTORS_KEY,
          batchId: state.batchId,
        },
      };
    },
  });
}
