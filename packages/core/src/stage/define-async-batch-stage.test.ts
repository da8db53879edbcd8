import { describe, expect, it } from "vitest";
import { embed, memoryStorage } from "../__fixtures__/stages";
import { createStageContext } from "../context/create-stage-context";
import { createUsageRecorder } from "../context/usage-recorder";
import { isSuspendedResult } from "./stage-result";

const baseOptions = {
  input: undefined,
  config: { model: "embed-1" },
  workflowRunId: "run-1",
  stageId: "embed",
  stageRecordId: "rec-1",
  workflowContext: {},
  storage: memoryStorage(),
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
    expect(first.pollConfig.nextPollAt).toBeInstanceOf(Date);

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
