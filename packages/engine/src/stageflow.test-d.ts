import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { wordCount } from "../test/fixtures/workflows";
import {
  defineStage,
  type RunHandle,
  type Stageflow,
  type StageflowOptions,
  WorkflowBuilder,
} from "./index";

declare const sf: Stageflow;

const withDefault = new WorkflowBuilder(
  "with-default",
  "With default",
  "An input field with a default",
  z.object({ text: z.string(), lang: z.string().default("en") }),
  z.string(),
)
  .pipe(
    defineStage({
      id: "echo",
      name: "Echo",
      schemas: {
        input: z.object({ text: z.string(), lang: z.string() }),
        output: z.string(),
        config: z.object({}),
      },
      async execute(ctx) {
        return { output: `${ctx.input.lang}:${ctx.input.text}` };
      },
    }),
  )
  .build();

describe("sf.run types", () => {
  it("types the input by the workflow's input schema", async () => {
    await sf.run(wordCount, { text: "a b" });
    // @ts-expect-error a wrong field type is a compile error
    await sf.run(wordCount, { text: 42 });
    // @ts-expect-error a missing field is a compile error
    await sf.run(wordCount, {});
    // @ts-expect-error an unknown field is a compile error
    await sf.run(wordCount, { text: "a", extra: true });
    await sf.run(withDefault, { text: "a" }); // a field with a default may be left out
  });

  it("types result() by the workflow's output schema", async () => {
    const run = await sf.run(wordCount, { text: "a b" });
    expectTypeOf(run).toEqualTypeOf<RunHandle<{ count: number; longest: string }>>();
    expectTypeOf(run.result()).resolves.toEqualTypeOf<{ count: number; longest: string }>();
    expectTypeOf((await sf.run(withDefault, { text: "a" })).result()).resolves.toBeString();
  });

  it("types runs.get by the workflow when given", async () => {
    expectTypeOf(await sf.runs.get("id")).toEqualTypeOf<RunHandle<unknown>>();
    expectTypeOf(await sf.runs.get("id", wordCount)).toEqualTypeOf<
      RunHandle<{ count: number; longest: string }>
    >();
  });

  it("takes worker options or false", () => {
    expectTypeOf<{ concurrency: 8 }>().toExtend<NonNullable<StageflowOptions["worker"]>>();
    expectTypeOf<false>().toExtend<StageflowOptions["worker"]>();
    expectTypeOf<{ kernel: unknown }>().not.toExtend<NonNullable<StageflowOptions["worker"]>>();
  });
});
