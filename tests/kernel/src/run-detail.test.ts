import { defineStage } from "@stageflow/core";
import {
  createTestKernel,
  InMemoryAICallLogger,
  InMemoryJobTransport,
  InMemoryPersistence,
} from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { batchWorkflow, echoStage, workflowOf } from "./helpers/workflows";

function flakyStage(failures: number) {
  return defineStage({
    id: "flaky",
    name: "Flaky",
    schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
    async execute(ctx) {
      ctx.log("INFO", `attempt ${ctx.attempt}`);
      await ctx.onProgress({ progress: 0.5, message: "half way" });
      if (ctx.attempt <= failures) throw new Error(`503 on attempt ${ctx.attempt}`);
      return { output: { ok: true } };
    },
  });
}

function kernelWithAICalls() {
  const aiCalls = new InMemoryAICallLogger();
  const persistence = new InMemoryPersistence({ aiCalls });
  const t = createTestKernel({
    workflows: [workflowOf("flaky", [echoStage("first"), flakyStage(2)])],
    persistence,
    jobTransport: new InMemoryJobTransport(persistence),
  });
  return { t, aiCalls };
}

describe("kernel.query.getRunDetail", () => {
  it("rebuilds every attempt (start, end, duration, error with stack, retry time), logs, events and AI calls", async () => {
    const { t, aiCalls } = kernelWithAICalls();
    const { workflowRunId } = await t.kernel.dispatch({
      type: "run.create",
      workflowId: "flaky",
      input: {},
    });
    aiCalls.logCall({
      topic: "flaky",
      provider: "offline",
      model: "m-1",
      kind: "text",
      inputTokens: 10,
      outputTokens: 5,
      cost: 0.01,
      batch: false,
      status: "succeeded",
      durationMs: 3,
      createdAt: t.clock.now(),
      workflowRunId,
      stageId: "flaky",
    } as Parameters<InMemoryAICallLogger["logCall"]>[0]);
    const run = await t.runToCompletion(workflowRunId);
    expect(run.status).toBe("COMPLETED");

    const detail = await t.kernel.query.getRunDetail(workflowRunId);
    expect(detail?.run).toMatchObject({ id: workflowRunId, status: "COMPLETED" });
    expect(detail?.run.durationMs).toBe(
      (run.completedAt?.getTime() ?? 0) - (run.startedAt?.getTime() ?? 0),
    );
    expect(detail?.stages.map((stage) => stage.stageId)).toEqual(["first", "flaky"]);
    const flaky = detail?.stages[1];
    expect(flaky?.attempts.map((a) => [a.attempt, a.outcome, a.willRetry])).toEqual([
      [1, "failed", true],
      [2, "failed", true],
      [3, "completed", false],
    ]);
    const [first, second, third] = flaky?.attempts ?? [];
    expect(first?.error).toMatchObject({ message: "503 on attempt 1", stageId: "flaky" });
    expect(first?.error?.stack).toContain("503 on attempt 1");
    expect(first?.startedAt).toBeInstanceOf(Date);
    expect(first?.durationMs).toBe(
      (first?.endedAt?.getTime() ?? 0) - (first?.startedAt?.getTime() ?? 0),
    );
    // Each retry became due when the failure said it would, and started then.
    expect(first?.retryAt).toBeInstanceOf(Date);
    expect(second?.startedAt?.getTime()).toBe(first?.retryAt?.getTime());
    expect(third?.startedAt?.getTime()).toBe(second?.retryAt?.getTime());
    expect(third?.error).toBeNull();
    expect(flaky?.progress).toMatchObject({ progress: 0.5, message: "half way" });
    expect(flaky?.suspended).toBeNull();
    expect(flaky?.aiCalls.map((call) => [call.model, call.inputTokens, call.cost])).toEqual([
      ["m-1", 10, 0.01],
    ]);
    expect(detail?.stages[0]?.aiCalls).toEqual([]);
    expect(detail?.aiCalls).toHaveLength(1);
    expect(detail?.logs.map((log) => log.message)).toEqual(
      expect.arrayContaining(["attempt 1", "attempt 2", "attempt 3"]),
    );
    const types = detail?.events.map((event) => event.type) ?? [];
    expect(types[0]).toBe("workflow:created");
    expect(types.at(-1)).toBe("workflow:completed");
    expect(detail?.events.map((event) => event.sequence)).toEqual(types.map((_, i) => i + 1));
  });

  it("shows the retry due time of a failed attempt waiting for its retry", async () => {
    const h = createHarness([workflowOf("flaky", [flakyStage(1)])]);
    const runId = await h.create("flaky", {});
    await h.claim();
    await h.runDueJobs();
    const [job] = await h.persistence.getJobsByRun(runId);
    const detail = await h.kernel.query.getRunDetail(runId);
    const attempts = detail?.stages[0]?.attempts;
    expect(attempts).toHaveLength(1);
    expect(attempts?.[0]).toMatchObject({ outcome: "failed", willRetry: true });
    expect(attempts?.[0]?.retryAt?.getTime()).toBe(job?.availableAt.getTime());
  });

  it("summarises a suspended stage: batch id, next poll and deadline", async () => {
    const batch = { next: "pending" as const, checks: 0 };
    const h = createHarness([batchWorkflow(batch, 60_000, 3_600_000)]);
    const runId = await h.create("batch", { text: "x" });
    await h.claim();
    await h.runDueJobs();
    await h.runDueJobs();
    const detail = await h.kernel.query.getRunDetail(runId);
    const embed = detail?.stages.find((stage) => stage.stageId === "embed");
    expect(embed?.status).toBe("SUSPENDED");
    expect(embed?.suspended).toEqual({
      batchId: "batch-1",
      provider: null,
      submittedAt: "2025-01-01T00:00:00.000Z",
      nextPollAt: embed?.nextPollAt,
      pollIntervalMs: 60_000,
      deadline: embed?.maxWaitUntil,
    });
    expect(embed?.suspended?.deadline).toBeInstanceOf(Date);
    expect(embed?.attempts.map((a) => a.outcome)).toEqual(["suspended"]);
  });

  it("restarts a stage's attempts after a rerun from it, and answers null for an unknown run", async () => {
    const h = createHarness([workflowOf("two", [echoStage("a"), echoStage("b")])]);
    const runId = await h.create("two", {});
    await h.drive(runId);
    await h.kernel.dispatch({ type: "run.rerunFrom", workflowRunId: runId, fromStageId: "b" });
    await h.drive(runId);
    const detail = await h.kernel.query.getRunDetail(runId);
    expect(detail?.stages.map((stage) => [stage.stageId, stage.attempts.length])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
    expect(await h.kernel.query.getRunDetail("no-such-run")).toBeNull();
  });
});
