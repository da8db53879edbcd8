import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { InferStageId, InferStageOutput } from "../stage/infer-stage";
import type { BatchedResult } from "./batched-outcome";
import { batched } from "./batched-request";
import { defineBatchedStage } from "./define-batched-stage";

const Facts = z.object({ title: z.string(), score: z.number() });

describe("defineBatchedStage types", () => {
  it("types each result by its request: text, the schema's output, a vector", () => {
    const stage = defineBatchedStage({
      id: "analyse",
      name: "Analyse",
      schemas: {
        input: z.object({ text: z.string() }),
        output: z.object({ title: z.string() }),
        config: z.object({}),
      },
      requests: (ctx) => {
        expectTypeOf(ctx.input).toEqualTypeOf<{ text: string }>();
        return {
          summary: batched.text("gpt-4o-mini", ctx.input.text),
          facts: batched.object("gpt-4o-mini", ctx.input.text, Facts),
          vector: batched.embedding("text-embedding-3-small", ctx.input.text),
        };
      },
      complete: (results) => {
        expectTypeOf(results.summary).toEqualTypeOf<BatchedResult<string>>();
        expectTypeOf(results.facts.value).toEqualTypeOf<{ title: string; score: number }>();
        expectTypeOf(results.vector.value).toEqualTypeOf<number[]>();
        // @ts-expect-error: no request under this key
        void results.missing;
        return { title: results.facts.value.title };
      },
    });
    expectTypeOf<InferStageId<typeof stage>>().toEqualTypeOf<"analyse">();
    expectTypeOf<InferStageOutput<typeof stage>>().toEqualTypeOf<{ title: string }>();
    expectTypeOf(stage.mode).toEqualTypeOf<"async-batch">();
  });

  it("rejects an output that does not match the output schema", () => {
    defineBatchedStage({
      id: "bad",
      name: "Bad",
      schemas: { input: "none", output: z.object({ n: z.number() }), config: z.object({}) },
      requests: () => ({ a: batched.text("gpt-4o-mini", "hi") }),
      // @ts-expect-error: `n` must be a number
      complete: (results) => ({ n: results.a.value }),
    });
  });

  it("types ctx.require through withContext", () => {
    defineBatchedStage.withContext<{ extract: { paragraphs: string[] } }>()({
      id: "embed",
      name: "Embed",
      dependencies: ["extract"],
      schemas: { input: "none", output: z.object({ n: z.number() }), config: z.object({}) },
      requests: (ctx) => {
        expectTypeOf(ctx.require("extract").paragraphs).toEqualTypeOf<string[]>();
        return { first: batched.embedding("offline-embed", "x") };
      },
      complete: (results) => ({ n: results.first.value.length }),
    });
  });
});
