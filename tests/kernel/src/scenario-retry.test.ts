import { defineStage, type RetryPolicy } from "@stageflow/core";
import type { Scheduler } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { echoStage, workflowOf } from "./helpers/workflows";

function flaky(failures: number, retry?: RetryPolicy) {
  const calls: number[] = [];
  const stage = defineStage({
    id: "flaky",
    name: "Flaky",
    retry,
    schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
    async execute(ctx) {
      calls.push(ctx.attempt);
      if (calls.length <= failures) throw new Error(`503 on attempt ${ctx.attempt}`);
      return { output: { attempt: ctx.attempt } };
    },
  });
  return { stage, calls };
}

describe("scenario: retries", () => {
  it("retries a failing stage with exponential backoff, then succeeds", async () => {
    const { stage, calls } = flaky(2);
    const scheduled: Array<[string, string]> = [];
    const scheduler: Scheduler = {
      schedule: async (type, _payload, runAt) => void scheduled.push([type, runAt.toISOString()]),
      cancel: async () => {},
    };
    const h = createHarness([workflowOf("flaky", [stage])], { scheduler });
    const runId = await h.create("flaky", {});
    await h.claim();
    const t0 = h.clock.now().getTime();

    const first = await h.runDueJobs();
    expect(first).toEqual([{ outcome: "failed", willRetry: true, error: "503 on attempt 1" }]);
    const stageRecord = await h.persistence.getStage(runId, "flaky");
    expect(stageRecord).toMatchObject({
      status: "PENDING",
      attempt: 2,
      error: { message: "503 on attempt 1" },
    });
    const [job] = await h.persistence.getJobsByRun(runId);
    expect(job).toMatchObject({ status: "PENDING", attempt: 2, lastError: "503 on attempt 1" });
    expect(job?.availableAt.getTime()).toBe(t0 + 1000);
    expect(await h.dequeue()).toBeUndefined(); // not before the backoff

    h.clock.advance(1000);
    expect(await h.runDueJobs()).toMatchObject([{ outcome: "failed", willRetry: true }]);
    const [retried] = await h.persistence.getJobsByRun(runId);
    expect(retried?.availableAt.getTime()).toBe(t0 + 1000 + 2000);

    h.clock.advance(2000);
    expect(await h.runDueJobs()).toEqual([{ outcome: "completed", output: { attempt: 3 } }]);
    expect(calls).toEqual([1, 2, 3]);
    expect((await h.run(runId)).status).toBe("COMPLETED");
    expect(scheduled).toEqual([
      ["job.execute", new Date(t0 + 1000).toISOString()],
      ["job.execute", new Date(t0 + 3000).toISOString()],
    ]);

    const failed = (await h.events(runId)).filter((e) => e.type === "stage:failed");
    expect(failed.map((e) => [e.attempt, e.willRetry])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it("follows the stage's own policy", async () => {
    const { stage, calls } = flaky(10, { maxAttempts: 2, backoff: { initialDelayMs: 50 } });
    const h = createHarness([workflowOf("flaky", [stage])]);
    const runId = await h.create("flaky", {});
    const run = await h.drive(runId);
    expect(run.status).toBe("FAILED");
    expect(calls).toEqual([1, 2]);
  });

  it("exhausting the attempts fails the stage, the job and the run at once and cancels other jobs", async () => {
    const { stage, calls } = flaky(99);
    const sibling = echoStage("sibling");
    const h = createHarness([workflowOf("flaky", [[stage, sibling], echoStage("after")])]);
    const runId = await h.create("flaky", {});
    await h.claim();
    // Run only the flaky job; the sibling job stays queued.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const jobs = await h.jobTransport.dequeue({ workerId: "w", limit: 10, now: h.clock.now() });
      const flakyJob = jobs.find((j) => j.stageId === "flaky");
      if (flakyJob === undefined) throw new Error("no flaky job");
      await h.jobTransport.release({
        workerId: "w",
        jobIds: jobs.filter((j) => j !== flakyJob).map((j) => j.id),
        now: h.clock.now(),
      });
      const result = await h.execute(flakyJob);
      expect(result).toMatchObject({ outcome: "failed", willRetry: attempt < 3 });
      h.clock.advance(10_000);
    }
    expect(calls).toEqual([1, 2, 3]);
    const run = await h.run(runId);
    expect(run.status).toBe("FAILED");
    expect(run.error).toEqual({
      message: "503 on attempt 3",
      stageId: "flaky",
      attempt: 3,
      stack: expect.stringMatching(/^Error: 503 on attempt 3\n/),
    });
    const stages = await h.persistence.getStagesByRun(runId);
    expect(stages.map((s) => [s.stageId, s.status])).toEqual([
      ["flaky", "FAILED"],
      ["sibling", "CANCELLED"],
    ]);
    const jobs = await h.persistence.getJobsByRun(runId);
    expect(jobs.map((j) => [j.stageId, j.status]).sort()).toEqual([
      ["flaky", "FAILED"],
      ["sibling", "CANCELLED"],
    ]);
    const events = await h.events(runId);
    const lastFailed = events.filter((e) => e.type === "stage:failed").at(-1);
    expect(lastFailed).toMatchObject({ attempt: 3, willRetry: false });
    expect(events.at(-1)).toMatchObject({
      type: "workflow:failed",
      error: { message: "503 on attempt 3", stageId: "flaky" },
    });
  });
});
