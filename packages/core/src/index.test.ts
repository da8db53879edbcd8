import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStorage } from "./__fixtures__/stages";
import {
  type AnyWorkflow,
  createStageContext,
  createUsageRecorder,
  defineStage,
  isSuspendedResult,
  WorkflowBuilder,
} from "./index";

// The README example, run through the public entry point with a minimal in-test runner.
const split = defineStage({
  id: "split",
  name: "Split into words",
  schemas: {
    input: z.object({ text: z.string() }),
    output: z.object({ words: z.array(z.string()) }),
    config: z.object({ lowercase: z.boolean().default(true) }),
  },
  async execute(ctx) {
    const text = ctx.config.lowercase ? ctx.input.text.toLowerCase() : ctx.input.text;
    return { output: { words: text.split(/\s+/).filter(Boolean) } };
  },
});

type AfterSplit = { split: { words: string[] } };

const count = defineStage.withContext<AfterSplit>()({
  id: "count",
  name: "Count words",
  dependencies: ["split"],
  schemas: { input: "none", output: z.object({ total: z.number() }), config: z.object({}) },
  async execute(ctx) {
    return { output: { total: ctx.require("split").words.length } };
  },
});

const unique = defineStage.withContext<AfterSplit>()({
  id: "unique",
  name: "Unique words",
  dependencies: ["split"],
  schemas: { input: "none", output: z.object({ distinct: z.number() }), config: z.object({}) },
  async execute(ctx) {
    ctx.usage.record({ model: "none", inputTokens: 3, outputTokens: 1, cost: 0.01 });
    return { output: { distinct: new Set(ctx.require("split").words).size } };
  },
});

const wordStats = new WorkflowBuilder(
  "word-stats",
  "Word statistics",
  "Counts words and distinct words",
  z.object({ text: z.string() }),
  z.object({ total: z.number(), distinct: z.number() }),
)
  .pipe(split)
  .parallel([count, unique])
  .build();

async function runInMemory(workflow: AnyWorkflow, rawInput: unknown, rawConfig?: object) {
  const input = workflow.validateInput(rawInput);
  if (!input.success) throw input.error;
  const config = workflow.validateConfig(workflow.mergeConfig({ ...rawConfig }));
  if (!config.success) throw config.error;
  const outputs: Record<string, unknown> = {};
  const usage = createUsageRecorder();
  for (const group of workflow.getExecutionPlan()) {
    const results = await Promise.all(
      group.stages.map(async (stage) => {
        const schema = stage.schemas.input;
        const ctx = createStageContext({
          input: schema === "none" ? undefined : schema.parse(input.input),
          config: config.config[stage.id],
          workflowRunId: "run-1",
          stageId: stage.id,
          stageRecordId: `rec-${stage.id}`,
          workflowContext: outputs,
          storage: memoryStorage(),
          schemas: stage.schemas,
          usage,
        });
        const result = await stage.execute(ctx);
        if (isSuspendedResult(result)) throw new Error("not expected to suspend");
        return [stage.id, stage.schemas.output.parse(result.output)] as const;
      }),
    );
    for (const [id, output] of results) outputs[id] = output;
  }
  return { outputs, usage: usage.totals() };
}

describe("public entry point", () => {
  it("runs a two-group workflow end to end", async () => {
    expect(wordStats.getExecutionPlan().map((g) => g.stages.map((s) => s.id))).toEqual([
      ["split"],
      ["count", "unique"],
    ]);
    const { outputs, usage } = await runInMemory(wordStats, { text: "The cat saw the dog" });
    expect(outputs).toEqual({
      split: { words: ["the", "cat", "saw", "the", "dog"] },
      count: { total: 5 },
      unique: { distinct: 4 },
    });
    expect(usage).toMatchObject({ totalTokens: 4, cost: 0.01, calls: 1 });
  });

  it("applies config overrides", async () => {
    const { outputs } = await runInMemory(
      wordStats,
      { text: "The the" },
      {
        split: { lowercase: false },
      },
    );
    expect(outputs.unique).toEqual({ distinct: 2 });
  });
});
