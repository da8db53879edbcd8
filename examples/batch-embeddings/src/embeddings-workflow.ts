import {
  type AICallLogger,
  type AIProviders,
  type AIStageBinding,
  createAIHelper,
} from "@stageflow/ai";
import { defineAsyncBatchStage, defineStage, WorkflowBuilder } from "@stageflow/core";
import { z } from "zod";

/** Which provider and model embed, and how often the batch is checked. */
export interface EmbeddingSetup {
  readonly providers: AIProviders;
  /** An embedding model of the table, e.g. `text-embedding-3-small` or `offline-embed`. */
  readonly model: string;
  readonly pollMs: number;
  readonly logger?: AICallLogger;
}

const Corpus = z.object({
  texts: z.array(z.object({ id: z.string(), text: z.string().min(1) })).min(1),
});
const Chunks = z.object({ chunks: z.array(z.object({ id: z.string(), text: z.string() })) });
const Embedded = z.object({
  model: z.string(),
  batchId: z.string(),
  vectors: z.array(z.object({ id: z.string(), vector: z.array(z.number()) })),
});
const Neighbours = z.object({
  model: z.string(),
  dimensions: z.number().int(),
  nearest: z.array(z.object({ id: z.string(), nearest: z.string(), similarity: z.number() })),
});

/** Splits each text into sentences-sized chunks with stable ids (`<text id>#<n>`). */
const chunk = defineStage({
  id: "chunk",
  name: "Chunk",
  schemas: {
    input: Corpus,
    output: Chunks,
    config: z.object({ maxWords: z.number().default(40) }),
  },
  async execute(ctx) {
    const chunks = ctx.input.texts.flatMap(({ id, text }) => {
      const words = text.split(/\s+/).filter(Boolean);
      const out: { id: string; text: string }[] = [];
      for (let i = 0; i < words.length; i += ctx.config.maxWords) {
        out.push({
          id: `${id}#${out.length}`,
          text: words.slice(i, i + ctx.config.maxWords).join(" "),
        });
      }
      return out;
    });
    return { output: { chunks } };
  },
});

/** The batch stage: one embedding request per chunk, at the batch price. */
function embed(setup: EmbeddingSetup) {
  // Bound to the stage: calls are attributed to the run, and the batch's cost rolls up into it.
  const helper = (stage: AIStageBinding) =>
    createAIHelper(`embeddings.${stage.workflowRunId}`, setup.logger, {
      providers: setup.providers,
      stage,
    });
  return defineAsyncBatchStage({
    id: "embed",
    name: "Embed (batch)",
    mode: "async-batch",
    schemas: { input: Chunks, output: Embedded, config: z.object({}) },
    async execute(ctx) {
      const handle = await helper(ctx)
        .batch(setup.model)
        .submit(ctx.input.chunks.map((c) => ({ id: c.id, prompt: c.text, kind: "embedding" })));
      const now = Date.now();
      return {
        suspended: true,
        state: {
          batchId: handle.id,
          submittedAt: new Date(now).toISOString(),
          pollInterval: setup.pollMs,
          maxWaitTime: 24 * 3_600_000,
          metadata: handle.metadata,
        },
        pollConfig: {
          pollInterval: setup.pollMs,
          maxWaitTime: 24 * 3_600_000,
          nextPollAt: new Date(now + setup.pollMs),
        },
      };
    },
    async checkCompletion(state, ctx) {
      const batch = helper(ctx).batch<number[]>(setup.model);
      const status = await batch.getStatus(state.batchId);
      if (status.status === "failed")
        return { ready: false, error: `batch ${state.batchId} failed` };
      if (status.status !== "completed") return { ready: false };
      const results = await batch.getResults(state.batchId, state.metadata);
      const failed = results.filter((r) => r.status !== "succeeded");
      if (failed.length > 0) return { ready: false, error: `${failed.length} embeddings failed` };
      return {
        ready: true,
        output: {
          model: setup.model,
          batchId: state.batchId,
          vectors: results
            .map((r) => ({ id: r.id, vector: r.result ?? [] }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        },
      };
    },
  });
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Uses the vectors: the most similar other chunk of each chunk. */
const neighbours = defineStage({
  id: "neighbours",
  name: "Nearest neighbours",
  schemas: { input: Embedded, output: Neighbours, config: z.object({}) },
  async execute(ctx) {
    const { vectors } = ctx.input;
    const nearest = vectors.map(({ id, vector }) => {
      let best = { nearest: "", similarity: Number.NEGATIVE_INFINITY };
      for (const other of vectors) {
        if (other.id === id) continue;
        const similarity = cosine(vector, other.vector);
        if (similarity > best.similarity) best = { nearest: other.id, similarity };
      }
      return { id, ...best, similarity: Number(best.similarity.toFixed(4)) };
    });
    return {
      output: { model: ctx.input.model, dimensions: vectors[0]?.vector.length ?? 0, nearest },
    };
  },
});

/** chunk → embed (async batch) → neighbours. */
export function createEmbeddingsWorkflow(setup: EmbeddingSetup) {
  return new WorkflowBuilder(
    "batch-embeddings",
    "Batch embeddings",
    "Embeds text chunks through a batch API and finds each chunk's nearest neighbour",
    Corpus,
    Neighbours,
  )
    .pipe(chunk)
    .pipe(embed(setup))
    .pipe(neighbours)
    .build();
}
