import type { Persistence, RunPurgeCommand } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness, type Harness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

const HOUR = 3_600_000;

async function finishedRun(h: Harness): Promise<string> {
  const runId = await h.create("linear", { text: "x" });
  await h.drive(runId);
  return runId;
}

/** `target[key]`, bound to `target` when it is a method. */
function member(target: object, key: string | symbol): unknown {
  const value: unknown = Reflect.get(target, key);
  return typeof value === "function" ? value.bind(target) : value;
}

/** Counts `deleteRuns` calls (with their batch sizes) made on transaction objects. */
function countingDeletes(calls: number[]) {
  return (persistence: Persistence): Persistence =>
    new Proxy(persistence, {
      get(target, key) {
        if (key !== "withTransaction") return member(target, key);
        return (fn: (tx: Persistence) => Promise<unknown>) =>
          target.withTransaction((tx) =>
            fn(
              new Proxy(tx, {
                get(inner, name) {
                  if (name !== "deleteRuns") return member(inner, name);
                  return (ids: readonly string[], statuses: never) => {
                    calls.push(ids.length);
                    return inner.deleteRuns(ids, statuses);
                  };
                },
              }),
            ),
          );
      },
    });
}

describe("run.purge", () => {
  it("deletes finished runs older than the threshold with their blobs, in batches, and keeps the rest", async () => {
    const calls: number[] = [];
    const h = createHarness([linearWorkflow()], { wrapPersistence: countingDeletes(calls) });
    const old = [await finishedRun(h), await finishedRun(h), await finishedRun(h)];
    const cancelled = await h.create("linear", { text: "x" });
    await h.kernel.dispatch({ type: "run.cancel", workflowRunId: cancelled });
    h.clock.advance(2 * HOUR);
    const recent = await finishedRun(h);
    const pending = await h.create("linear", { text: "never claimed" });
    expect(await h.blobStore.list(`runs/${old[0]}/`)).toHaveLength(3);
    h.clock.advance(HOUR / 2);

    const result = await h.kernel.dispatch({
      type: "run.purge",
      olderThanMs: HOUR,
      statuses: ["COMPLETED"],
      batchSize: 2,
    });
    expect(result).toEqual({
      purged: 3,
      deleted: {
        runs: 3,
        stages: 9,
        jobs: 9,
        logs: expect.any(Number),
        outboxEvents: expect.any(Number),
        aiCalls: 0,
        idempotencyKeys: 0,
        blobs: 9,
      },
      more: false,
    });
    expect(calls).toEqual([2, 1]);
    for (const id of old) {
      expect(await h.persistence.getRun(id)).toBeNull();
      expect(await h.persistence.getOutboxEvents(id)).toEqual([]);
      expect(await h.blobStore.list(`runs/${id}/`)).toEqual([]);
    }
    expect((await h.run(recent)).status).toBe("COMPLETED");
    expect(await h.blobStore.list(`runs/${recent}/`)).toHaveLength(3);
    expect((await h.run(cancelled)).status).toBe("CANCELLED");
    expect((await h.run(pending)).status).toBe("PENDING");

    h.clock.advance(1_000 * HOUR);
    const rest = await h.kernel.dispatch({ type: "run.purge", olderThanMs: 0 });
    expect(rest.purged).toBe(2); // the recent COMPLETED and the CANCELLED run, never the PENDING one
    expect((await h.run(pending)).status).toBe("PENDING");
  });

  it("never deletes a run that is not final, however old", async () => {
    const h = createHarness([linearWorkflow()]);
    const pending = await h.create("linear", { text: "x" });
    const running = await h.create("linear", { text: "y" });
    await h.claim();
    await h.persistence.updateRun(pending, { status: "PENDING" }, h.clock.now());
    h.clock.advance(1_000 * HOUR);
    const result = await h.kernel.dispatch({ type: "run.purge", olderThanMs: 0, maxRuns: 10 });
    expect(result.purged).toBe(0);
    expect((await h.run(running)).status).toBe("RUNNING");
    expect((await h.persistence.getStagesByRun(running)).length).toBeGreaterThan(0);
    expect((await h.run(pending)).status).toBe("PENDING");
  });

  it("stops at maxRuns and says there may be more", async () => {
    const h = createHarness([linearWorkflow()]);
    for (let i = 0; i < 3; i++) await finishedRun(h);
    h.clock.advance(HOUR);
    const first = await h.kernel.dispatch({ type: "run.purge", olderThanMs: 0, maxRuns: 2 });
    expect([first.purged, first.more]).toEqual([2, true]);
    const second = await h.kernel.dispatch({ type: "run.purge", olderThanMs: 0, maxRuns: 2 });
    expect([second.purged, second.more]).toEqual([1, false]);
  });

  it("rejects bad fields with INVALID_COMMAND and deletes nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await finishedRun(h);
    const bad: Array<Partial<RunPurgeCommand>> = [
      { olderThanMs: -1 },
      { olderThanMs: 1.5 },
      { olderThanMs: 0, statuses: ["RUNNING" as never] },
      { olderThanMs: 0, statuses: [] },
      { olderThanMs: 0, maxRuns: 0 },
      { olderThanMs: 0, batchSize: 5_000 },
      { olderThanMs: 0, workflowId: "" },
      {},
    ];
    for (const fields of bad) {
      const error = await expectStageflowError(
        h.kernel.dispatch({ type: "run.purge", ...fields } as RunPurgeCommand),
      );
      expect(error.code).toBe("INVALID_COMMAND");
    }
    expect((await h.run(runId)).status).toBe("COMPLETED");
  });
});
