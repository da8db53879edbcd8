import type { JobRecord, JobTransport, RunRecord, StartedJob } from "@stageflow/kernel";
import { FakeKernel } from "@stageflow/test-support";
import { describe, expect, it, vi } from "vitest";
import { silentLogger } from "../loop/host-logger";
import { createHostCounters } from "../stats/node-host-stats";
import { createJobPool } from "./job-pool";

const NOW = new Date("2030-01-01T00:00:00Z");

function job(id: string): JobRecord {
  return {
    id,
    workflowRunId: `run-${id}`,
    workflowId: "wf",
    stageId: "a",
    status: "RUNNING",
    priority: 5,
    attempt: 1,
    maxAttempts: 3,
    payload: {},
    availableAt: NOW,
    lockedBy: "w1",
    lockedAt: NOW,
    heartbeatAt: NOW,
    lastError: null,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

/** A promise that settles when `open` is called. */
function gated(): { gate: Promise<void>; open: () => void } {
  let open = (): void => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { gate, open };
}

const startedJob = (id: string): StartedJob => ({
  job: job(id),
  run: { id: `run-${id}` } as RunRecord,
  stages: [],
});

/** A transport whose queue is `queue`, recording dequeue limits and releases. */
function fakeTransport(queue: JobRecord[]) {
  const limits: number[] = [];
  const released: string[] = [];
  const transport = {
    capabilities: { supportsSkipLocked: true, supportsWakeups: false },
    async dequeue({ limit }: { limit: number }) {
      limits.push(limit);
      return queue.splice(0, limit);
    },
    async release({ jobIds }: { jobIds: readonly string[] }) {
      released.push(...jobIds);
      return jobIds.length;
    },
  } as unknown as JobTransport;
  return { transport, limits, released };
}

function setup(queue: JobRecord[], kernel = new FakeKernel()) {
  const { transport, limits, released } = fakeTransport(queue);
  const pool = createJobPool({
    kernel,
    transport,
    workerId: "w1",
    clock: { now: () => NOW },
    logger: silentLogger,
    counters: createHostCounters(),
    backoff: { initialMs: 1, maxMs: 1 },
    dispatchErrors: { count: 0 },
    concurrency: 3,
    onJobSettled: () => {},
  });
  return { pool, kernel, limits, released };
}

describe("job pool: slots reserved for a claim", () => {
  it("keeps reserved slots out of dequeue and runs the claim's jobs with their start", async () => {
    const { gate, open } = gated();
    const kernel = new FakeKernel().on("job.execute", async () => {
      await gate;
      return { outcome: "completed" };
    });
    const { pool, limits } = setup([job("q1"), job("q2")], kernel);
    expect(pool.reserve(2)).toBe(2);
    expect(pool.reserve(5), "only one slot is left").toBe(1);
    await pool.adopt([], 1);
    await pool.fill();
    expect(limits).toEqual([1]);
    expect([...pool.active.keys()]).toEqual(["q1"]);

    await pool.adopt([startedJob("s1")], 2);
    expect([...pool.active.keys()]).toEqual(["q1", "s1"]);
    const executes = kernel.commands.filter((c) => c.type === "job.execute");
    expect(executes).toHaveLength(2);
    expect(executes[1]).toMatchObject({ jobId: "s1", started: { job: { id: "s1" } } });
    expect(executes[0]).not.toHaveProperty("started");
    // The unused reserved slot is free again.
    await pool.fill();
    expect(limits).toEqual([1, 1]);
    open();
    await pool.drain(1_000, new AbortController().signal);
  });

  it("reserves nothing while draining and hands back jobs a claim started meanwhile", async () => {
    const { pool, released } = setup([]);
    const slots = pool.reserve(3);
    expect(slots).toBe(3);
    await pool.drain(1_000, new AbortController().signal);
    expect(pool.reserve(3)).toBe(0);
    await pool.adopt([startedJob("late")], slots);
    expect(released).toEqual(["late"]);
    expect(pool.active.size).toBe(0);
  });

  it("runs the next-group job a completion started in the slot it freed, with its start", async () => {
    const kernel = new FakeKernel().on("job.execute", (command) =>
      "jobId" in command && command.jobId === "first"
        ? { outcome: "completed", started: [startedJob("second")] }
        : { outcome: "completed" },
    );
    const { pool } = setup([job("first")], kernel);
    await pool.fill();
    await vi.waitFor(() =>
      expect(pool.active.size === 0 && kernel.commands.length === 2).toBe(true),
    );
    const executes = kernel.commands.filter((c) => c.type === "job.execute");
    expect(executes.map((c) => ("jobId" in c ? c.jobId : ""))).toEqual(["first", "second"]);
    expect(executes[0]).toMatchObject({ startNextJobs: 1 });
    expect(executes[1]).toMatchObject({ started: { job: { id: "second" } } });
  });

  it("hands back a next-group job started while the pool drains", async () => {
    const { gate, open: finish } = gated();
    const kernel = new FakeKernel().on("job.execute", async () => {
      await gate;
      return { outcome: "completed", started: [startedJob("successor")] };
    });
    const { pool, released } = setup([job("first")], kernel);
    await pool.fill();
    const drained = pool.drain(1_000, new AbortController().signal);
    finish();
    await drained;
    expect(released).toEqual(["successor"]);
    expect(kernel.commands.filter((c) => c.type === "job.execute")).toHaveLength(1);
  });
});
