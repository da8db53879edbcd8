import { describe, expect, it } from "vitest";
import { z } from "zod";
import { embed, memoryStorage } from "../__fixtures__/stages";
import type { CheckCompletionContext } from "../context/check-completion-context";
import { createStageContext } from "../context/create-stage-context";
import { systemStageClock } from "../context/stage-clock";
import { createUsageRecorder } from "../context/usage-recorder";
import { defineAsyncBatchStage } from "./define-async-batch-stage";
import { isSuspendedResult, type SuspendedState } from "./stage-result";

const baseOptions = {
  input: undefined,
  config: { model: "embed-1" },
  workflowRunId: "run-1",
  stageId: "embed",
  stageRecordId: "rec-1",
  workflowContext: {},
  storage: memoryStorage(),
  schemas: embed.schemas,
};

describe("defineAsyncBatchStage", () => {
  it("returns a frozen async-batch stage", () => {
    expect(embed.mode).toBe("async-batch");
    expect(typeof embed.checkCompletion).toBe("function");
    expect(Object.isFrozen(embed)).toBe(true);
  });

  it("suspends on the first execution and completes on resume", async () => {
    const first = await embed.execute(createStageContext(baseOptions));
    expect(isSuspendedResult(first)).toBe(true);
    if (!isSuspendedResult(first)) throw new Error("expected suspension");
    expect(first.state.batchId).toBe("b-1");
    expect(first.pollConfig?.nextPollAt).toBeInstanceOf(Date);

    const resumed = await embed.execute(
      createStageContext({ ...baseOptions, resumeState: first.state }),
    );
    expect(isSuspendedResult(resumed)).toBe(false);
    expect(resumed).toEqual({ output: { vectors: [] } });
  });

  it("reports completion through checkCompletion", async () => {
    const ctx = {
      workflowRunId: "run-1",
      stageId: "embed",
      stageRecordId: "rec-1",
      config: { model: "embed-1" },
      log: () => {},
      onLog: () => {},
      clock: systemStageClock,
      storage: memoryStorage(),
      usage: createUsageRecorder(),
      signal: new AbortController().signal,
    };
    const state = { batchId: "b-1", submittedAt: "", pollInterval: 1, maxWaitTime: 2 };
    await expect(embed.checkCompletion(state, ctx)).resolves.toEqual({
      ready: true,
      output: { vectors: [[7]] },
    });
    await expect(embed.checkCompletion({ ...state, batchId: "b-2" }, ctx)).resolves.toEqual({
      ready: false,
      nextCheckIn: 10,
    });
  });
});

describe("defineAsyncBatchStage onCancel", () => {
  it("passes state, context and reason through, bound to the definition", async () => {
    const calls: unknown[] = [];
    const definition = {
      id: "cancellable",
      name: "Cancellable",
      mode: "async-batch" as const,
      schemas: { input: "none" as const, output: z.object({}), config: z.object({}) },
      vendor: "fake",
      async execute() {
        return { output: {} };
      },
      async checkCompletion() {
        return { ready: false as const };
      },
      async onCancel(
        this: { vendor: string },
        state: SuspendedState,
        ctx: CheckCompletionContext<unknown>,
        reason: "cancelled" | "timeout",
      ) {
        calls.push([this.vendor, state.batchId, ctx.stageId, reason]);
      },
    };
    const stage = defineAsyncBatchStage(definition);
    const ctx = {
      workflowRunId: "run-1",
      stageId: "cancellable",
      stageRecordId: "rec-1",
      config: {},
      log: () => {},
      onLog: () => {},
      clock: systemStageClock,
      storage: memoryStorage(),
      usage: createUsageRecorder(),
      signal: new AbortController().signal,
    };
    const state = { batchId: "b-9", submittedAt: "", pollInterval: 1, maxWaitTime: 2 };
    await stage.onCancel?.(state, ctx, "cancelled");
    await stage.onCancel?.(state, ctx, "timeout");
    expect(calls).toEqual([
      ["fake", "b-9", "cancellable", "cancelled"],
      ["fake", "b-9", "cancellable", "timeout"],
    ]);
  });

  it("leaves onCancel undefined when not defined", () => {
    expect(embed.onCancel).toBeUndefined();
  });
});

describe("isSuspendedResult", () => {
  it("distinguishes suspended results from completed ones", () => {
    expect(isSuspendedResult({ output: { suspended: true } })).toBe(false);
    expect(isSuspendedResult({ suspended: true })).toBe(false);
    expect(isSuspendedResult({ suspended: "yes", state: {} })).toBe(false);
    expect(isSuspendedResult(null)).toBe(false);
    expect(isSuspendedResult(undefined)).toBe(false);
    expect(
      isSuspendedResult({
        suspended: true,
        state: { batchId: "b", submittedAt: "", pollInterval: 1, maxWaitTime: 1 },
        pollConfig: { pollInterval: 1, maxWaitTime: 1, nextPollAt: new Date(0) },
      }),
    ).toBe(true);
  });
});
