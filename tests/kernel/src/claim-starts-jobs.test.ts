import type { Persistence, StageflowEvent, StartedJob } from "@stageflow/kernel";
import type { InMemoryPersistence } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./helpers/harness";
import { diamondWorkflow, linearWorkflow, parallelWorkflow } from "./helpers/workflows";

/** Counts the transactions the kernel opens. */
function countingTransactions(counter: { transactions: number }) {
  return (persistence: InMemoryPersistence): Persistence =>
    new Proxy(persistence, {
      get: (target, property, receiver) => {
        if (property !== "withTransaction") {
          const value = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return <T>(fn: (tx: Persistence) => Promise<T>) => {
          counter.transactions += 1;
          return target.withTransaction(fn);
        };
      },
    });
}

const claimStarting = (h: Harness, startJobs: number, workerId = "w-1") =>
  h.kernel.dispatch({ type: "run.claimPending", workerId, startJobs });

/** Claims with `startJobs` and returns the first job the claim started. */
async function claimFirst(h: Harness, startJobs = 1): Promise<StartedJob> {
  const [first] = (await claimStarting(h, startJobs)).started;
  if (first === undefined) throw new Error("nothing started");
  return first;
}

const executeStarted = (
  h: Harness,
  started: StartedJob,
  extra: { workerId?: string; startNextJobs?: number } = {},
) =>
  h.kernel.dispatch({
    type: "job.execute",
    jobId: started.job.id,
    workflowRunId: started.job.workflowRunId,
    workflowId: started.job.workflowId,
    stageId: started.job.stageId,
    workerId: extra.workerId ?? started.job.lockedBy ?? "",
    started,
    ...(extra.startNextJobs === undefined ? {} : { startNextJobs: extra.startNextJobs }),
  });

const startedOf = (events: StageflowEvent[]) =>
  events.filter((e) => e.type === "stage:started").map((e) => e.stageId);

describe("run.claimPending with startJobs", () => {
  it("starts the first jobs in the claim: leased, stages RUNNING, stage:started written", async () => {
    const h = createHarness([parallelWorkflow()]);
    const runId = await h.create("parallel", { n: 1 });
    const { claimed, started } = await claimStarting(h, 1);

    expect(claimed).toEqual([
      {
        workflowRunId: runId,
        workflowId: "parallel",
        jobIds: [expect.any(String), expect.any(String)],
      },
    ]);
    expect(started).toHaveLength(1);
    const [first] = started;
    expect(first?.job).toMatchObject({
      id: claimed[0]?.jobIds[0],
      stageId: "x",
      status: "RUNNING",
      lockedBy: "w-1",
      attempt: 1,
    });
    expect(first?.run).toMatchObject({ id: runId, status: "RUNNING", currentGroup: 1 });
    const stored = await h.persistence.getStagesByRun(runId);
    expect(first?.stages).toEqual(stored);
    expect(stored.map((s) => [s.stageId, s.status, s.attempt])).toEqual([
      ["x", "RUNNING", 1],
      ["y", "PENDING", 1],
    ]);
    expect(stored[0]?.startedAt).toEqual(h.clock.now());
    expect(await h.persistence.getJob(first?.job.id ?? "")).toEqual(first?.job);

    const events = await h.events(runId);
    expect(events.map((e) => e.type)).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
    ]);
    expect(events[2]).toMatchObject({
      stageId: "x",
      stageName: "Stage x",
      groupIndex: 1,
      attempt: 1,
    });
    // Only the job that was not started is queued.
    const queued = await h.dequeue("w-2");
    expect(queued?.stageId).toBe("y");
    expect(await h.dequeue("w-2")).toBeUndefined();
  });

  it("spends the budget across runs in claim order and queues the rest", async () => {
    const h = createHarness([linearWorkflow()]);
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      runs.push(await h.create("linear", { text: `${i}` }));
      h.clock.advance(1);
    }
    const { claimed, started } = await claimStarting(h, 2);
    expect(claimed.map((c) => c.workflowRunId)).toEqual(runs);
    expect(started.map((s) => s.job.workflowRunId)).toEqual(runs.slice(0, 2));
    const queued = await h.dequeue("w-2");
    expect(queued?.workflowRunId).toBe(runs[2]);
    expect((await h.persistence.getStage(runs[2] ?? "", "a"))?.status).toBe("PENDING");
  });

  it("refuses a startJobs or maxClaims that is not a whole number in range, and claims nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    for (const bad of [-1, 1.5, Number.NaN]) {
      await expect(claimStarting(h, bad)).rejects.toMatchObject({
        code: "INVALID_COMMAND",
        field: "startJobs",
      });
    }
    await expect(
      h.kernel.dispatch({ type: "run.claimPending", workerId: "w", maxClaims: 0 }),
    ).rejects.toMatchObject({ code: "INVALID_COMMAND", field: "maxClaims" });
    expect((await h.run(runId)).status).toBe("PENDING");
  });
});

describe("job.execute with started", () => {
  it("runs the body with no start transaction and writes stage:started once per stage", async () => {
    const counter = { transactions: 0 };
    const h = createHarness([linearWorkflow()], {
      wrapPersistence: countingTransactions(counter),
    });
    const runId = await h.create("linear", { text: "hi" });
    const first = await claimFirst(h, 4);

    counter.transactions = 0;
    const result = await executeStarted(h, first);
    expect(result).toMatchObject({
      outcome: "completed",
      output: { by: "a", saw: { text: "hi" } },
    });
    expect(counter.transactions, "only the completion transaction").toBe(1);

    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(startedOf(await h.events(runId))).toEqual(["a", "b", "c"]);
  });

  it("refuses a started that is not this job's, worker's or run's, and writes nothing", async () => {
    const h = createHarness([parallelWorkflow()]);
    const runId = await h.create("parallel", { n: 1 });
    const first = await claimFirst(h);
    const before = await h.persistence.getStagesByRun(runId);
    const eventsBefore = (await h.events(runId)).length;

    await expect(executeStarted(h, first, { workerId: "intruder" })).rejects.toMatchObject({
      code: "INVALID_COMMAND",
      field: "started",
    });
    await expect(
      h.kernel.dispatch({
        type: "job.execute",
        jobId: "another-job",
        workflowRunId: runId,
        workflowId: "parallel",
        stageId: "x",
        workerId: "w-1",
        started: first,
      }),
    ).rejects.toMatchObject({ code: "INVALID_COMMAND" });
    expect(await h.persistence.getStagesByRun(runId)).toEqual(before);
    expect(await h.persistence.getJob(first.job.id)).toEqual(first.job);
    expect(await h.events(runId)).toHaveLength(eventsBefore);
  });

  it("a run cancelled before the body commits nothing about the stage (ghost)", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    const first = await claimFirst(h);
    await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId });

    const result = await executeStarted(h, first);
    expect(result).toMatchObject({ outcome: "skipped" });
    const types = (await h.events(runId)).map((e) => e.type);
    expect(types).not.toContain("stage:completed");
    expect((await h.run(runId)).status).toBe("CANCELLED");
  });

  it("a started job whose worker died is reaped and run again by another worker", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    const { started } = await claimStarting(h, 1, "dead-worker");
    expect(started).toHaveLength(1);
    h.clock.advance(120_000);
    const { released } = await h.kernel.dispatch({
      type: "lease.reapStale",
      staleThresholdMs: 60_000,
    });
    expect(released).toBe(1);

    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    const events = await h.events(runId);
    expect(events.filter((e) => e.type === "stage:completed")).toHaveLength(3);
    // The reaped attempt started once in the claim and once on the worker that ran it.
    expect(startedOf(events)).toEqual(["a", "a", "b", "c"]);
  });

  it("fails the job as unrunnable when the executing kernel does not know its workflow", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    const first = await claimFirst(h);
    const stranger = h.kernelKnowing([]);
    const result = await stranger.dispatch({
      type: "job.execute",
      jobId: first.job.id,
      workflowRunId: runId,
      workflowId: "linear",
      stageId: "a",
      workerId: "w-1",
      started: first,
    });
    expect(result).toMatchObject({ outcome: "failed", willRetry: false });
    const run = await h.run(runId);
    expect(run.status).toBe("FAILED");
    expect(run.error?.code).toBe("WORKFLOW_NOT_FOUND");
  });
});

describe("job.execute with startNextJobs", () => {
  it("starts the next group's job in the completion and runs a linear run without a dequeue", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "go" });
    const { started } = await claimStarting(h, 1);
    let next = started[0];
    const order: string[] = [];
    while (next !== undefined) {
      order.push(next.job.stageId);
      const stored = await h.persistence.getStage(runId, next.job.stageId);
      expect(stored).toMatchObject({ status: "RUNNING", attempt: 1 });
      const result = await h.kernel.dispatch({
        type: "job.execute",
        jobId: next.job.id,
        workflowRunId: runId,
        workflowId: "linear",
        stageId: next.job.stageId,
        workerId: "w-1",
        started: next,
        startNextJobs: 1,
      });
      expect(result.outcome).toBe("completed");
      expect(result.started?.length ?? 0).toBeLessThanOrEqual(1);
      next = result.started?.[0];
      if (next) {
        expect(next.run).toMatchObject({ id: runId, currentGroup: order.length + 1 });
        expect(next.job).toMatchObject({ status: "RUNNING", lockedBy: "w-1" });
      }
      expect(await h.dequeue("other"), "nothing was queued").toBeUndefined();
    }
    expect(order).toEqual(["a", "b", "c"]);
    const run = await h.run(runId);
    expect(run).toMatchObject({ status: "COMPLETED", output: { by: "c" } });
    const events = await h.events(runId);
    expect(startedOf(events)).toEqual(["a", "b", "c"]);
    expect(events.map((e) => e.type)).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
      "stage:completed",
      "stage:started",
      "stage:completed",
      "stage:started",
      "stage:completed",
      "workflow:completed",
    ]);
  });

  it("starts at most startNextJobs of a parallel group and queues the rest", async () => {
    const h = createHarness([diamondWorkflow()]);
    const runId = await h.create("diamond", { n: 1 });
    const a = await claimFirst(h);
    const result = await executeStarted(h, a, { startNextJobs: 1 });
    expect(result.started?.map((s) => s.job.stageId)).toEqual(["b"]);
    const stages = await h.persistence.getStagesByRun(runId);
    expect(stages.map((s) => [s.stageId, s.status])).toEqual([
      ["a", "COMPLETED"],
      ["b", "RUNNING"],
      ["c", "PENDING"],
    ]);
    expect((await h.dequeue("other"))?.stageId).toBe("c");
  });

  it("never stores the started jobs with the idempotency key", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "k" });
    const a = await claimFirst(h);
    const command = {
      type: "job.execute" as const,
      jobId: a.job.id,
      workflowRunId: runId,
      workflowId: "linear",
      stageId: "a",
      workerId: "w-1",
      started: a,
      startNextJobs: 1,
      idempotencyKey: "exec-a",
    };
    const first = await h.kernel.dispatch(command);
    expect(first.started).toHaveLength(1);
    const replay = await h.kernel.dispatch(command);
    expect(replay).toEqual({ outcome: "completed", output: first.output });
  });

  it("refuses a startNextJobs that is not a whole number >= 0, writing nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    const a = await claimFirst(h);
    for (const bad of [-1, 0.5]) {
      await expect(executeStarted(h, a, { startNextJobs: bad })).rejects.toMatchObject({
        code: "INVALID_COMMAND",
        field: "startNextJobs",
      });
    }
    expect((await h.persistence.getStage(runId, "a"))?.status).toBe("RUNNING");
  });
});
