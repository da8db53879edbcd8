import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  classify,
  DocInput,
  DocOutput,
  embed,
  extract,
  merge,
  summarize,
} from "../__fixtures__/stages";
import { defineStage } from "../stage/define-stage";
import type {
  InferWorkflowContext,
  InferWorkflowInput,
  InferWorkflowOutput,
} from "./infer-workflow";
import type { AnyWorkflow } from "./workflow";
import { WorkflowBuilder } from "./workflow-builder";

const base = () => new WorkflowBuilder("docs", "Docs", "Document pipeline", DocInput, DocOutput);

describe("WorkflowBuilder types", () => {
  it("grows the context with each stage id and output", () => {
    const workflow = base().pipe(extract).parallel([classify, summarize]).pipe(merge).build();
    expectTypeOf<InferWorkflowContext<typeof workflow>>().toEqualTypeOf<{
      extract: { text: string; pages: number };
      classify: { categories: string[] };
      summarize: { summary: string };
      merge: { summary: string; categories: string[] };
    }>();
    expectTypeOf<InferWorkflowInput<typeof workflow>>().toEqualTypeOf<{ url: string }>();
    expectTypeOf<InferWorkflowOutput<typeof workflow>>().toEqualTypeOf<{
      summary: string;
      categories: string[];
    }>();
    expectTypeOf(workflow).toExtend<AnyWorkflow>();
  });

  it("infers the context of a builder too", () => {
    const partial = base().pipe(extract);
    expectTypeOf<InferWorkflowContext<typeof partial>>().toEqualTypeOf<{
      extract: { text: string; pages: number };
    }>();
  });

  it("accepts async-batch stages", () => {
    const workflow = base().pipe(embed).build();
    expectTypeOf<InferWorkflowContext<typeof workflow>>().toEqualTypeOf<{
      embed: { vectors: number[][] };
    }>();
  });

  it("rejects a stage whose required outputs no earlier group provides", () => {
    // @ts-expect-error classify reads "extract", which is not added yet
    base().pipe(classify);
    // @ts-expect-error merge reads "classify" and "summarize"
    base().pipe(extract).pipe(merge);
    // @ts-expect-error a stage in the same parallel group does not count
    base().pipe(extract).parallel([classify, merge]);
    // @ts-expect-error parallel checks every member
    base().parallel([extract, summarize]);
  });

  it("rejects a requirement with an incompatible output type", () => {
    const wantsNumber = defineStage.withContext<{ extract: { text: number } }>()({
      id: "wants-number",
      name: "Wants number",
      schemas: { input: "none", output: z.object({}), config: z.object({}) },
      async execute(ctx) {
        expectTypeOf(ctx.require("extract").text).toEqualTypeOf<number>();
        return { output: {} };
      },
    });
    // @ts-expect-error extract.text is a string, not a number
    base().pipe(extract).pipe(wantsNumber);
  });

  it("rejects a duplicate literal stage id", () => {
    // @ts-expect-error "extract" is already in the workflow
    base().pipe(extract).pipe(extract);
  });

  it("accepts stages without declared requirements anywhere", () => {
    const free = defineStage({
      id: "free",
      name: "Free",
      schemas: { input: "none", output: z.object({ n: z.number() }), config: z.object({}) },
      async execute(ctx) {
        expectTypeOf(ctx.require("anything")).toEqualTypeOf<unknown>();
        return { output: { n: 1 } };
      },
    });
    base().pipe(free).build();
  });

  it("accepts a stage whose context is a workflow's inferred context", () => {
    const upToSummaries = base().pipe(extract).parallel([classify, summarize]);
    const report = defineStage.withContext<InferWorkflowContext<typeof upToSummaries>>()({
      id: "report",
      name: "Report",
      dependencies: ["extract", "summarize"],
      schemas: { input: "none", output: z.object({ text: z.string() }), config: z.object({}) },
      async execute(ctx) {
        expectTypeOf(ctx.require("summarize")).toEqualTypeOf<{ summary: string }>();
        expectTypeOf(ctx.optional("classify")).toEqualTypeOf<
          { categories: string[] } | undefined
        >();
        // @ts-expect-error "report" is not an earlier stage
        ctx.require("report");
        return { output: { text: ctx.require("extract").text } };
      },
    });
    const workflow = upToSummaries.pipe(report).build();
    expectTypeOf<InferWorkflowContext<typeof workflow>["report"]>().toEqualTypeOf<{
      text: string;
    }>();
  });
});
