import { describe, expect, it } from "vitest";
import { z } from "zod";
import { memoryStorage } from "../__fixtures__/stages";
import { isStageflowError } from "../errors/stageflow-error";
import { createStageContext } from "./create-stage-context";
import type { LogLevel, ProgressUpdate } from "./log";
import { createUsageRecorder } from "./usage-recorder";

const schemas = {
  input: "none" as const,
  output: z.unknown(),
  config: z.object({ n: z.number() }),
};

type Ctx = { extract: { text: string }; classify: { labels: string[] }; maybe: number };

function build(workflowContext: Partial<Ctx> = { extract: { text: "hello" } }) {
  return createStageContext<undefined, { n: number }, Ctx>({
    input: undefined,
    config: { n: 1 },
    workflowRunId: "run-1",
    stageId: "merge",
    stageRecordId: "rec-1",
    workflowContext,
    storage: memoryStorage(),
    schemas,
  });
}

describe("createStageContext", () => {
  it("exposes the given fields and sensible defaults", () => {
    const ctx = build();
    expect(ctx).toMatchObject({
      input: undefined,
      config: { n: 1 },
      workflowRunId: "run-1",
      stageId: "merge",
      stageRecordId: "rec-1",
      attempt: 1,
      resumeState: undefined,
    });
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.usage.totals().calls).toBe(0);
    expect(() => ctx.log("INFO", "ignored")).not.toThrow();
    expect(() => ctx.onProgress({ progress: 1, message: "ignored" })).not.toThrow();
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(ctx.schemas).toBe(schemas);
    expect(ctx.clock.now()).toBeInstanceOf(Date);
  });

  it("require returns an earlier output", () => {
    expect(build().require("extract")).toEqual({ text: "hello" });
  });

  it("require throws MissingStageOutputError naming both stages", () => {
    const ctx = build();
    let caught: unknown;
    try {
      ctx.require("classify");
    } catch (error) {
      caught = error;
    }
    expect(isStageflowError(caught)).toBe(true);
    expect(caught).toMatchObject({
      code: "MISSING_STAGE_OUTPUT",
      stageId: "merge",
      missingStageId: "classify",
      message: expect.stringContaining('Stage "merge" requires the output of "classify"'),
    });
  });

  it("optional returns the output or undefined", () => {
    const ctx = build();
    expect(ctx.optional("extract")).toEqual({ text: "hello" });
    expect(ctx.optional("classify")).toBeUndefined();
  });

  it("treats falsy outputs as available and undefined ones as missing", () => {
    const ctx = build({ maybe: 0 });
    expect(ctx.require("maybe")).toBe(0);
    const withUndefined = build({ extract: undefined });
    expect(() => withUndefined.require("extract")).toThrow(/requires the output of "extract"/);
  });

  it("ignores inherited properties", () => {
    const ctx = createStageContext({
      input: undefined,
      config: {},
      workflowRunId: "r",
      stageId: "s",
      stageRecordId: "x",
      workflowContext: {},
      storage: memoryStorage(),
      schemas: { input: "none", output: z.unknown(), config: z.object({}) },
    });
    expect(ctx.optional("toString")).toBeUndefined();
    expect(() => ctx.require("constructor")).toThrow(/"constructor"/);
  });

  it("freezes a copy of the workflow context", () => {
    const outputs: Partial<Ctx> = { extract: { text: "a" } };
    const ctx = build(outputs);
    outputs.classify = { labels: [] };
    expect(ctx.optional("classify")).toBeUndefined();
    expect(Object.isFrozen(ctx.workflowContext)).toBe(true);
    expect(ctx.workflowContext).toEqual({ extract: { text: "a" } });
  });

  it("passes through log, progress, signal, usage, attempt and resume state", () => {
    const logs: [LogLevel, string, Record<string, unknown> | undefined][] = [];
    const progress: ProgressUpdate[] = [];
    const controller = new AbortController();
    const usage = createUsageRecorder();
    const resumeState = { batchId: "b", submittedAt: "t", pollInterval: 1, maxWaitTime: 2 };
    const ctx = createStageContext({
      input: { a: 1 },
      config: {},
      workflowRunId: "r",
      stageId: "s",
      stageRecordId: "x",
      attempt: 3,
      workflowContext: {},
      storage: memoryStorage(),
      schemas: { input: z.object({ a: z.number() }), output: z.unknown(), config: z.object({}) },
      clock: { now: () => new Date("2030-01-01T00:00:00Z") },
      log: (level, message, meta) => logs.push([level, message, meta]),
      onProgress: (update) => progress.push(update),
      signal: controller.signal,
      usage,
      resumeState,
    });
    ctx.log("WARN", "careful", { k: 1 });
    ctx.onProgress({ progress: 0.5, message: "half" });
    ctx.usage.record({ model: "m", inputTokens: 1, outputTokens: 1, cost: 0.1 });
    controller.abort();
    expect(logs).toEqual([["WARN", "careful", { k: 1 }]]);
    expect(progress).toEqual([{ progress: 0.5, message: "half" }]);
    expect(ctx.clock.now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(ctx.schemas.input).not.toBe("none");
    expect(ctx.signal.aborted).toBe(true);
    expect(usage.totals().calls).toBe(1);
    expect(ctx.attempt).toBe(3);
    expect(ctx.resumeState).toBe(resumeState);
  });

  it("carries the telemetry it is given, and none by default", () => {
    const telemetry = {
      capturesContent: false,
      startAICall: () => ({ end() {} }),
    };
    const ctx = createStageContext({
      input: undefined,
      config: {},
      schemas: { input: "none", output: z.unknown(), config: z.object({}) },
      workflowRunId: "run-1",
      stageId: "s",
      stageRecordId: "rec-1",
      workflowContext: {},
      storage: memoryStorage(),
      telemetry,
    });
    expect(ctx.telemetry).toBe(telemetry);
    expect(build().telemetry).toBeUndefined();
    expect(Object.hasOwn(build(), "telemetry")).toBe(false);
  });

  it("exposes the storage it is given", async () => {
    const ctx = build();
    await ctx.storage.save("k", { v: 1 });
    expect(await ctx.storage.exists("k")).toBe(true);
    expect(await ctx.storage.load<{ v: number }>("k")).toEqual({ v: 1 });
    await ctx.storage.delete("k");
    expect(await ctx.storage.load("k")).toBeUndefined();
  });
});
