import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { diamondWorkflow, linearWorkflow, parallelWorkflow } from "./helpers/workflows";

describe("run.claimPending", () => {
  it("marks runs RUNNING, creates group 1's stages and jobs, and writes workflow:started", async () => {
    const h = createHarness([parallelWorkflow()]);
    const runId = await h.create("parallel", { n: 1 });
    const { claimed } = await h.kernel.dispatch({ type: "run.claimPending", workerId: "w-1" });
    expect(claimed).toHaveLength(1);
    expect(claimed[0]?.workflowRunId).toBe(runId);
    expect(claimed[0]?.jobIds).toHaveLength(2);

    const run = await h.run(runId);
    expect(run).toMatchObject({ status: "RUNNING", currentGroup: 1, claimedBy: "w-1" });
    expect(run.startedAt).not.toBeNull();
    const stages = await h.persistence.getStagesByRun(runId);
    expect(stages.map((s) => [s.stageId, s.status, s.groupIndex])).toEqual([
      ["x", "PENDING", 1],
      ["y", "PENDING", 1],
    ]);
    const jobs = await h.persistence.getJobsByRun(runId);
    expect(
      jobs.map((j) => [j.stageId, j.status, j.priority, j.attempt, j.maxAttempts]).sort(),
    ).toEqual([
      ["x", "PENDING", 5, 1, 3],
      ["y", "PENDING", 5, 1, 3],
    ]);
    const events = await h.events(runId);
    expect(events.map((e) => e.type)).toEqual(["workflow:created", "workflow:started"]);
    expect(events[1]).toMatchObject({ workerId: "w-1" });
  });

  it("claims by priority then age, at most maxClaims, and never twice", async () => {
    const h = createHarness([linearWorkflow()]);
    const low = await h.create("linear", { text: "low" });
    h.clock.advance(1);
    const { workflowRunId: high } = await h.kernel.dispatch({
      type: "run.create",
      workflowId: "linear",
      input: { text: "high" },
      priority: 9,
    });
    const first = await h.kernel.dispatch({
      type: "run.claimPending",
      workerId: "w",
      maxClaims: 1,
    });
    expect(first.claimed.map((c) => c.workflowRunId)).toEqual([high]);
    const second = await h.kernel.dispatch({ type: "run.claimPending", workerId: "w" });
    expect(second.claimed.map((c) => c.workflowRunId)).toEqual([low]);
    const third = await h.kernel.dispatch({ type: "run.claimPending", workerId: "w" });
    expect(third.claimed).toEqual([]);
  });

  it("two concurrent claimers never claim the same run", async () => {
    const h = createHarness([linearWorkflow()]);
    for (let i = 0; i < 5; i++) await h.create("linear", { text: `${i}` });
    const [a, b] = await Promise.all([
      h.kernel.dispatch({ type: "run.claimPending", workerId: "a", maxClaims: 3 }),
      h.kernel.dispatch({ type: "run.claimPending", workerId: "b", maxClaims: 3 }),
    ]);
    const ids = [...a.claimed, ...b.claimed].map((c) => c.workflowRunId);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toHaveLength(5);
  });

  it("gives jobs the run's priority and the stage's retry maxAttempts", async () => {
    const h = createHarness([diamondWorkflow()]);
    const { workflowRunId } = await h.kernel.dispatch({
      type: "run.create",
      workflowId: "diamond",
      input: { n: 1 },
      priority: 7,
    });
    await h.claim();
    const [job] = await h.persistence.getJobsByRun(workflowRunId);
    expect(job).toMatchObject({ stageId: "a", priority: 7, attempt: 1, maxAttempts: 3 });
  });

  it("makes jobs visible only with the claim's commit (a failing claim leaves nothing)", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    // Break the claim after the jobs were enqueued: the transaction must roll back entirely.
    const original = h.persistence.withTransaction.bind(h.persistence);
    let broke = false;
    h.persistence.withTransaction = (fn) =>
      original(async (tx) => {
        const result = await fn(tx);
        if (!broke) {
          broke = true;
          const dequeuedInside = await h.jobTransport
            .dequeue({ workerId: "x", limit: 1, now: h.clock.now() })
            .catch(() => "blocked");
          expect(dequeuedInside).toBe("blocked");
          throw new Error("crash before commit");
        }
        return result;
      });
    await expect(h.claim()).rejects.toThrow("crash before commit");
    h.persistence.withTransaction = original;
    expect((await h.run(runId)).status).toBe("PENDING");
    expect(await h.persistence.getJobsByRun(runId)).toEqual([]);
    expect(await h.dequeue()).toBeUndefined();
    const { claimed } = await h.kernel.dispatch({ type: "run.claimPending", workerId: "w" });
    expect(claimed).toHaveLength(1);
  });

  it("fails a claimed run whose workflow is no longer registered", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    const other = h.kernelKnowing([]);
    expect(await other.dispatch({ type: "run.claimPending", workerId: "w" })).toEqual({
      claimed: [],
      started: [],
    });
    const run = await h.run(runId);
    expect(run.status).toBe("FAILED");
    expect(run.error?.code).toBe("WORKFLOW_NOT_FOUND");
  });
});
