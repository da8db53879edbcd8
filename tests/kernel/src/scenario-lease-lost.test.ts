import { defineStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { deferred } from "./helpers/manual";
import { workflowOf } from "./helpers/workflows";

describe("scenario: the lease is lost before phase 3", () => {
  it("the slow worker's outcome is skipped; the new lease holder commits exactly once", async () => {
    const firstStarted = deferred();
    const releaseFirst = deferred();
    let calls = 0;
    const slow = defineStage({
      id: "slow",
      name: "Slow",
      schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
      async execute() {
        calls++;
        if (calls === 1) {
          firstStarted.resolve();
          await releaseFirst.promise;
          return { output: "from worker 1" };
        }
        return { output: "from worker 2" };
      },
    });
    const h = createHarness([workflowOf("slow", [slow])]);
    const runId = await h.create("slow", {});
    await h.claim();
    const leased = await h.dequeue("w1");
    if (leased === undefined) throw new Error("no job");
    const first = h.execute(leased);
    await firstStarted.promise;

    // w1 stops heartbeating: its lease is reaped and w2 takes the job.
    h.clock.advance(120_000);
    expect(await h.kernel.dispatch({ type: "lease.reapStale", staleThresholdMs: 60_000 })).toEqual({
      released: 1,
    });
    const retaken = await h.dequeue("w2");
    expect(retaken?.id).toBe(leased.id);
    if (retaken === undefined) return;
    expect(await h.execute(retaken)).toEqual({ outcome: "completed", output: "from worker 2" });

    releaseFirst.resolve();
    const late = await first;
    expect(late.outcome).toBe("skipped");
    expect(late.reason).toMatch(/lease lost|stage is COMPLETED|run is COMPLETED/);
    const run = await h.run(runId);
    expect(run).toMatchObject({ status: "COMPLETED", output: "from worker 2" });
    expect((await h.events(runId)).filter((e) => e.type === "stage:completed")).toHaveLength(1);
  });

  it("completeJob refusing the lease rolls phase 3 back and skips", async () => {
    const h = createHarness([
      workflowOf("one", [
        defineStage({
          id: "one",
          name: "One",
          schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
          execute: async () => ({ output: 1 }),
        }),
      ]),
    ]);
    const runId = await h.create("one", {});
    await h.claim();
    const job = await h.dequeue("w1");
    if (job === undefined) throw new Error("no job");
    // The lease check passes on read but completeJob reports the lease lost (a race the row lock
    // would normally prevent): everything phase 3 wrote must roll back.
    const original = h.persistence.withTransaction.bind(h.persistence);
    h.persistence.withTransaction = (fn) =>
      original((tx) =>
        fn(
          new Proxy(tx, {
            get(target, property) {
              if (property === "completeJob") return async () => false;
              const value: unknown = Reflect.get(target, property, target);
              return typeof value === "function" ? value.bind(target) : value;
            },
          }),
        ),
      );
    const result = await h.execute(job);
    h.persistence.withTransaction = original;
    expect(result.outcome).toBe("skipped");
    expect((await h.persistence.getStage(runId, "one"))?.status).toBe("RUNNING");
    expect((await h.run(runId)).status).toBe("RUNNING");
    expect((await h.persistence.getOutboxEvents(runId)).map((e) => e.type)).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
    ]);
  });
});
