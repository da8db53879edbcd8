import { defineStage, WorkflowBuilder } from "@stageflow/core";
import type { Kernel, Persistence } from "@stageflow/kernel";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { type RunInputOf, type RunOutcome, runAndWait } from "../index";

const count = defineStage({
  id: "count",
  name: "Count",
  schemas: {
    input: z.object({ text: z.string(), minLength: z.number().default(1) }),
    output: z.object({ words: z.number() }),
    config: z.object({}),
  },
  async execute(ctx) {
    return { output: { words: ctx.input.text.split(" ").length } };
  },
});
const wordCount = new WorkflowBuilder(
  "word-count",
  "Word count",
  "Counts words",
  z.object({ text: z.string(), minLength: z.number().default(1) }),
  z.object({ words: z.number() }),
)
  .pipe(count)
  .build();

declare const kernel: Kernel;
declare const persistence: Persistence;

describe("runAndWait with a workflow", () => {
  it("types the input by the workflow's input schema (defaults optional)", () => {
    expectTypeOf<RunInputOf<typeof wordCount>>().toEqualTypeOf<{
      text: string;
      minLength?: number | undefined;
    }>();
    void runAndWait({ kernel, persistence, workflow: wordCount, input: { text: "a b" } });
    // @ts-expect-error a wrong field type is a compile error
    void runAndWait({ kernel, persistence, workflow: wordCount, input: { text: 1 } });
    // @ts-expect-error a missing field is a compile error
    void runAndWait({ kernel, persistence, workflow: wordCount, input: {} });
  });

  it("types the outcome's output by the workflow's output schema", () => {
    const outcome = runAndWait({ kernel, persistence, workflow: wordCount, input: { text: "" } });
    expectTypeOf(outcome).resolves.toEqualTypeOf<RunOutcome<{ words: number }>>();
  });

  it("still takes a raw command, untyped", () => {
    const outcome = runAndWait({
      kernel,
      persistence,
      command: { type: "run.create", workflowId: "word-count", input: { anything: true } },
    });
    expectTypeOf(outcome).resolves.toEqualTypeOf<RunOutcome>();
  });
});
