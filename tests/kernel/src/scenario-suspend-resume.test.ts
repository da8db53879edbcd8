import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { batchWorkflow, type FakeBatch } from "./helpers/workflows";

async function suspended(batch: FakeBatch) {
  const h = createHarness([batchWorkflow(batch)]);
  const runId = await h.create("batch", { text: "doc" });
  await h.claim();
  await h.runDueJobs();
  return { h, runId };
}

describe("scenario: an async-batch stage suspends and resumes", () => {
  it("suspends, waits, resumes when ready, and the run advances and completes", async () => {
    const batch: FakeBatch = { next: "pending", nextCheckIn: 5_000, checks: 0 };
    const { h, runId } = await suspended(batch);
    const t0 = h.clock.now().getTime();

    const stage = await h.persistence.getStage(runId, "embed");
    expect(stage).toMatchObject({
      status: "SUSPENDED",
      suspendedState: { batchId: "batch-1", pollInterval: 60_000, maxWaitTime: 3_600_000 },
      pollIntervalMs: 60_000,
      cost: 0.5,
      inputTokens: 10,
    });
    expect(stage?.nextPollAt?.getTime()).toBe(t0 + 60_000);
    expect(stage?.maxWaitUntil?.getTime()).toBe(t0 + 3_600_000);
    const embedJob = (await h.persistence.getJobsByRun(runId)).find((j) => j.stageId === "embed");
    expect(embedJob?.status).toBe("COMPLETED");

    // Not due yet.
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({ checked: 0 });
    h.clock.advance(60_000);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toEqual({
      checked: 1,
      resumed: 0,
      failed: 0,
      resumedWorkflowRunIds: [],
    });
    const waiting = await h.persistence.getStage(runId, "embed");
    expect(waiting?.nextPollAt?.getTime()).toBe(t0 + 65_000); // nextCheckIn honoured

    batch.next = "ready";
    h.clock.advance(5_000);
    expect(await h.kernel.dispatch({ type: "stage.pollSuspended" })).toEqual({
      checked: 1,
      resumed: 1,
      failed: 0,
      resumedWorkflowRunIds: [runId],
    });
    const resumed = await h.persistence.getStage(runId, "embed");
    expect(resumed).toMatchObject({
      status: "COMPLETED",
      suspendedState: null,
      cost: 0.75,
      outputTokens: 20,
    });
    expect((await h.run(runId)).currentGroup).toBe(3); // advanced at once

    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ by: "finish", saw: { vectors: [0, 1, 2] } });
    expect(run.totalCost).toBeCloseTo(0.75);
    expect(run.totalTokens).toBe(30);
    const types = (await h.events(runId)).map((e) => e.type);
    expect(types).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
      "stage:completed",
      "stage:started",
      "stage:suspended",
      "stage:completed",
      "stage:started",
      "stage:completed",
      "workflow:completed",
    ]);
    expect(batch.checks).toBe(2);
  });

  it("refuses suspended state holding an API key with a clear, non-retried error", async () => {
    const batch: FakeBatch = {
      next: "ready",
      checks: 0,
      state: {
        batchId: "b",
        submittedAt: "x",
        pollInterval: 1,
        maxWaitTime: 2,
        apiKey: "sk-live-123",
      },
    };
    const { h, runId } = await suspended(batch);
    const stage = await h.persistence.getStage(runId, "embed");
    expect(stage?.status).toBe("FAILED");
    expect(stage?.suspendedState).toBeNull();
    expect(stage?.error?.code).toBe("SECRET_IN_SUSPENDED_STATE");
    expect(stage?.error?.message).toContain("state.apiKey");
    expect(JSON.stringify(await h.events(runId))).not.toContain("sk-live-123");
    expect((await h.run(runId)).status).toBe("FAILED");
  });

  it("rejects a malformed suspended result without retrying", async () => {
    const batch: FakeBatch = { next: "ready", checks: 0, state: { submittedAt: "x" } };
    const { h, runId } = await suspended(batch);
    const stage = await h.persistence.getStage(runId, "embed");
    expect(stage).toMatchObject({
      status: "FAILED",
      attempt: 1,
      error: { code: "INVALID_SUSPENDED_RESULT" },
    });
    expect(stage?.error?.message).toContain("state.batchId");
  });
});
