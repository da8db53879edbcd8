import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { parallelWorkflow } from "./helpers/workflows";

describe("lease.reapStale", () => {
  it("returns jobs whose lease was not renewed to the queue and leaves heartbeated ones alone", async () => {
    const h = createHarness([parallelWorkflow()]);
    const runId = await h.create("parallel", { n: 1 });
    await h.claim();
    const dead = await h.dequeue("dead-worker");
    const alive = await h.dequeue("alive-worker");
    if (dead === undefined || alive === undefined) throw new Error("no jobs");

    h.clock.advance(50_000);
    await h.jobTransport.heartbeat({
      workerId: "alive-worker",
      jobIds: [alive.id],
      now: h.clock.now(),
    });
    h.clock.advance(20_000); // dead: 70 s without heartbeat; alive: 20 s

    expect(await h.kernel.dispatch({ type: "lease.reapStale", staleThresholdMs: 60_000 })).toEqual({
      released: 1,
    });
    const jobs = await h.persistence.getJobsByRun(runId);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    expect(byId.get(dead.id)).toMatchObject({ status: "PENDING", lockedBy: null });
    expect(byId.get(alive.id)).toMatchObject({ status: "RUNNING", lockedBy: "alive-worker" });
  });

  it("releases nothing when every lease is fresh", async () => {
    const h = createHarness([parallelWorkflow()]);
    await h.create("parallel", { n: 1 });
    await h.claim();
    await h.dequeue();
    h.clock.advance(59_999);
    expect(await h.kernel.dispatch({ type: "lease.reapStale", staleThresholdMs: 60_000 })).toEqual({
      released: 0,
    });
  });

  it("rejects a negative threshold with InvalidCommandError", async () => {
    const h = createHarness([]);
    await expect(
      h.kernel.dispatch({ type: "lease.reapStale", staleThresholdMs: -1 }),
    ).rejects.toMatchObject({ code: "INVALID_COMMAND", field: "staleThresholdMs" });
  });
});
