import { z } from "zod";
import type { StageStorage } from "../context/stage-storage";
import { defineAsyncBatchStage } from "../stage/define-async-batch-stage";
import { defineStage } from "../stage/define-stage";

/** Test fixtures: a small document pipeline. */
export const DocInput = z.object({ url: z.string() });
export const DocOutput = z.object({ summary: z.string(), categories: z.array(z.string()) });

export const extract = defineStage({
  id: "extract",
  name: "Extract",
  schemas: {
    input: DocInput,
    output: z.object({ text: z.string(), pages: z.number() }),
    config: z.object({ maxPages: z.number().default(100) }),
  },
  async execute(ctx) {
    return { output: { text: `text of ${ctx.input.url}`, pages: ctx.config.maxPages } };
  },
});

export const classify = defineStage.withContext<{ extract: { text: string; pages: number } }>()({
  id: "classify",
  name: "Classify",
  dependencies: ["extract"],
  schemas: {
    input: "none",
    output: z.object({ categories: z.array(z.string()) }),
    config: z.object({ model: z.string().default("small") }),
  },
  async execute(ctx) {
    return { output: { categories: [ctx.require("extract").text.slice(0, 4)] } };
  },
});

export const summarize = defineStage.withContext<{ extract: { text: string; pages: number } }>()({
  id: "summarize",
  name: "Summarize",
  dependencies: ["extract"],
  schemas: {
    input: "none",
    output: z.object({ summary: z.string() }),
    config: z.object({ maxWords: z.number().int().positive().default(200) }),
  },
  async execute(ctx) {
    return { output: { summary: ctx.require("extract").text } };
  },
});

export const merge = defineStage.withContext<{
  classify: { categories: string[] };
  summarize: { summary: string };
}>()({
  id: "merge",
  name: "Merge",
  dependencies: ["classify", "summarize"],
  schemas: { input: "none", output: DocOutput, config: z.object({}) },
  async execute(ctx) {
    return {
      output: {
        summary: ctx.require("summarize").summary,
        categories: ctx.require("classify").categories,
      },
    };
  },
});

export const labelled = defineStage({
  id: "labelled",
  name: "Needs labels",
  schemas: {
    input: "none",
    output: z.object({ ok: z.boolean() }),
    config: z.object({ labels: z.array(z.string()) }),
  },
  async execute() {
    return { output: { ok: true } };
  },
});

export const embed = defineAsyncBatchStage({
  id: "embed",
  name: "Embed",
  mode: "async-batch",
  schemas: {
    input: "none",
    output: z.object({ vectors: z.array(z.array(z.number())) }),
    config: z.object({ model: z.string().default("embed-1") }),
  },
  async execute(ctx) {
    if (ctx.resumeState) return { output: { vectors: [] } };
    return {
      suspended: true,
      state: {
        batchId: "b-1",
        submittedAt: "2025-01-01T00:00:00.000Z",
        pollInterval: 10,
        maxWaitTime: 100,
      },
      pollConfig: { pollInterval: 10, maxWaitTime: 100, nextPollAt: new Date(0) },
    };
  },
  async checkCompletion(state, ctx) {
    return state.batchId === "b-1"
      ? { ready: true, output: { vectors: [[ctx.config.model.length]] } }
      : { ready: false, nextCheckIn: 10 };
  },
});

/** A Map-backed {@link StageStorage}. */
export function memoryStorage(): StageStorage {
  const map = new Map<string, unknown>();
  return {
    async save(key, value) {
      map.set(key, value);
    },
    async load<T>(key: string) {
      return map.get(key) as T | undefined;
    },
    async exists(key) {
      return map.has(key);
    },
    async delete(key) {
      map.delete(key);
    },
  };
}
