import type { CheckCompletionContext, StageContext } from "@stageflow/core";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { AIStageBinding } from "../stage-binding";
import type { AIBatchResult } from "./ai-batch";
import type { AIEmbedManyResult, AIEmbedResult, AIHelper } from "./ai-helper";
import { createAIHelper } from "./create-ai-helper";

declare const ai: AIHelper;

describe("AIHelper types", () => {
  it("infers the object type of generateObject from the schema's output", () => {
    const Schema = z.object({
      n: z.string().transform((s) => s.length),
      tags: z.array(z.string()),
    });
    expectTypeOf(ai.generateObject("m", "p", Schema)).resolves.toEqualTypeOf<{
      object: { n: number; tags: string[] };
      inputTokens: number;
      outputTokens: number;
      cost: number;
      cached?: boolean;
    }>();
  });

  it("returns embedding for one text and embeddings for an array", () => {
    expectTypeOf(ai.embed("m", "text")).resolves.toEqualTypeOf<AIEmbedResult>();
    expectTypeOf(ai.embed("m", ["a", "b"])).resolves.toEqualTypeOf<AIEmbedManyResult>();
  });

  it("types batch results by the batch's type parameter", () => {
    expectTypeOf(ai.batch<number[]>("m", "google").getResults("id")).resolves.toEqualTypeOf<
      AIBatchResult<number[]>[]
    >();
    expectTypeOf<AIBatchResult<number[]>["result"]>().toEqualTypeOf<number[] | undefined>();
  });

  it("accepts core's StageContext and CheckCompletionContext as a stage binding", () => {
    expectTypeOf<StageContext<{ text: string }, { model: string }>>().toExtend<AIStageBinding>();
    expectTypeOf<CheckCompletionContext<{ model: string }>>().toExtend<AIStageBinding>();
  });

  it("accepts a stage context by shape, and the spec's two-argument call", () => {
    interface StageContextLike {
      workflowRunId: string;
      stageId: string;
      input: { text: string };
      usage: {
        record(u: {
          model: string;
          provider?: string;
          inputTokens: number;
          outputTokens: number;
          cost: number;
          batch?: boolean;
        }): void;
        totals(): { cost: number };
      };
      signal: AbortSignal;
    }
    expectTypeOf<StageContextLike>().toExtend<AIStageBinding>();
    expectTypeOf<{
      workflowRunId: string;
      stageId: string;
      config: unknown;
    }>().toExtend<AIStageBinding>();
    expectTypeOf(createAIHelper("topic", undefined)).toEqualTypeOf<AIHelper>();
  });
});
