import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { type classify, embed, extract } from "../__fixtures__/stages";
import type { CheckCompletionContext } from "../context/check-completion-context";
import type { StageContext } from "../context/stage-context";
import { WorkflowBuilder } from "../workflow/workflow-builder";
import { defineAsyncBatchStage } from "./define-async-batch-stage";
import { defineStage } from "./define-stage";
import type {
  InferStageConfig,
  InferStageContext,
  InferStageId,
  InferStageInput,
  InferStageOutput,
} from "./infer-stage";
import type { AnyStage, AsyncBatchStage, SyncStage } from "./stage";
import type { SuspendedState } from "./stage-result";

const Out = z.object({ merged: z.string() });
const Config = z.object({ sep: z.string().default(" ") });
type LegacyContext = { extract: { text: string; pages: number } };

describe("stage types", () => {
  it("infers id, input, output and config", () => {
    expectTypeOf<InferStageId<typeof extract>>().toEqualTypeOf<"extract">();
    expectTypeOf<InferStageInput<typeof extract>>().toEqualTypeOf<{ url: string }>();
    expectTypeOf<InferStageOutput<typeof extract>>().toEqualTypeOf<{
      text: string;
      pages: number;
    }>();
    expectTypeOf<InferStageConfig<typeof extract>>().toEqualTypeOf<{ maxPages: number }>();
    expectTypeOf(extract.mode).toEqualTypeOf<"sync">();
    expectTypeOf(extract).toExtend<AnyStage>();
    expectTypeOf(extract).toExtend<SyncStage>();
  });

  it('types input "none" as undefined and carries the declared context', () => {
    expectTypeOf<InferStageInput<typeof classify>>().toEqualTypeOf<undefined>();
    expectTypeOf<InferStageContext<typeof classify>>().toEqualTypeOf<LegacyContext>();
  });

  it("types the context a body receives", () => {
    defineStage({
      id: "ctx",
      name: "Ctx",
      schemas: { input: z.object({ n: z.number() }), output: z.object({}), config: Config },
      async execute(ctx) {
        expectTypeOf(ctx.input).toEqualTypeOf<{ n: number }>();
        expectTypeOf(ctx.config).toEqualTypeOf<{ sep: string }>();
        expectTypeOf(ctx.resumeState).toEqualTypeOf<SuspendedState | undefined>();
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
        expectTypeOf(ctx).toExtend<StageContext<{ n: number }, { sep: string }>>();
        return { output: {} };
      },
    });
  });

  it("rejects an output that does not match the schema", () => {
    defineStage({
      id: "bad-output",
      name: "Bad output",
      schemas: { input: "none", output: Out, config: Config },
      // @ts-expect-error merged must be a string
      async execute() {
        return { output: { merged: 1 } };
      },
    });
  });

  it("supports explicit generics with a context type (id typed as string)", () => {
    const stage = defineStage<"none", typeof Out, typeof Config, LegacyContext>({
      id: "legacy",
      name: "Legacy",
      dependencies: ["extract"],
      schemas: { input: "none", output: Out, config: Config },
      async execute(ctx) {
        expectTypeOf(ctx.require("extract")).toEqualTypeOf<{ text: string; pages: number }>();
        // @ts-expect-error "nope" is not in the declared context
        ctx.require("nope");
        return { output: { merged: ctx.require("extract").text } };
      },
    });
    expectTypeOf<InferStageId<typeof stage>>().toEqualTypeOf<string>();
    const builder = new WorkflowBuilder("w", "W", "", z.object({}), Out);
    builder.pipe(extract).pipe(stage);
    // @ts-expect-error "extract" is missing
    builder.pipe(stage);
  });

  it("restricts dependencies to the declared context", () => {
    defineStage.withContext<LegacyContext>()({
      id: "deps",
      name: "Deps",
      // @ts-expect-error "other" is not in the declared context
      dependencies: ["other"],
      schemas: { input: "none", output: Out, config: Config },
      async execute() {
        return { output: { merged: "" } };
      },
    });
  });

  it("types async-batch stages", () => {
    expectTypeOf(embed).toExtend<AsyncBatchStage>();
    expectTypeOf(embed.mode).toEqualTypeOf<"async-batch">();
    expectTypeOf<InferStageOutput<typeof embed>>().toEqualTypeOf<{ vectors: number[][] }>();
    // @ts-expect-error checkCompletion is required
    defineAsyncBatchStage({
      id: "no-check",
      name: "No check",
      mode: "async-batch",
      schemas: { input: "none", output: Out, config: Config },
      async execute() {
        return { output: { merged: "" } };
      },
    });
    defineAsyncBatchStage({
      id: "check-typed",
      name: "Check typed",
      mode: "async-batch",
      schemas: { input: "none", output: Out, config: Config },
      async execute() {
        return { output: { merged: "" } };
      },
      async checkCompletion(state, ctx) {
        expectTypeOf(state.batchId).toEqualTypeOf<string>();
        expectTypeOf(ctx.config).toEqualTypeOf<{ sep: string }>();
        return { ready: true, output: { merged: state.batchId } };
      },
    });
    const cancellable = defineAsyncBatchStage({
      id: "on-cancel-typed",
      name: "On cancel typed",
      mode: "async-batch",
      schemas: { input: "none", output: Out, config: Config },
      async execute() {
        return { output: { merged: "" } };
      },
      async checkCompletion() {
        return { ready: false };
      },
      async onCancel(state, ctx, reason) {
        expectTypeOf(state).toEqualTypeOf<SuspendedState>();
        expectTypeOf(ctx.config).toEqualTypeOf<{ sep: string }>();
        expectTypeOf(reason).toEqualTypeOf<"cancelled" | "timeout">();
      },
    });
    expectTypeOf(cancellable.onCancel).toEqualTypeOf<
      | ((
          state: SuspendedState,
          ctx: CheckCompletionContext<{ sep: string }>,
          reason: "cancelled" | "timeout",
        ) => Promise<void>)
      | undefined
    >();
    defineAsyncBatchStage({
      id: "on-cancel-bad-return",
      name: "On cancel bad return",
      mode: "async-batch",
      schemas: { input: "none", output: Out, config: Config },
      async execute() {
        return { output: { merged: "" } };
      },
      async checkCompletion() {
        return { ready: false };
      },
      // @ts-expect-error onCancel must return a Promise
      onCancel() {
        return 1;
      },
    });
    defineAsyncBatchStage({
      id: "check-bad-output",
      name: "Check bad output",
      mode: "async-batch",
      schemas: { input: "none", output: Out, config: Config },
      async execute() {
        return { output: { merged: "" } };
      },
      // @ts-expect-error output must match the schema
      async checkCompletion() {
        return { ready: true as const, output: { merged: 2 } };
      },
    });
  });
});

describe("ctx.schemas", () => {
  it("gives the body its own schemas with their exact types", () => {
    const output = z.object({ label: z.string() });
    defineStage({
      id: "typed-schemas",
      name: "Typed schemas",
      schemas: { input: z.object({ text: z.string() }), output, config: z.object({}) },
      async execute(ctx) {
        expectTypeOf(ctx.schemas.output).toEqualTypeOf<typeof output>();
        expectTypeOf(ctx.clock.now()).toEqualTypeOf<Date>();
        return { output: ctx.schemas.output.parse({ label: ctx.input.text }) };
      },
    });
  });
});
