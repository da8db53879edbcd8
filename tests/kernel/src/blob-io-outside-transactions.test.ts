import { defineAsyncBatchStage, WorkflowBuilder } from "@stageflow/core";
import type { BlobStore, Persistence } from "@stageflow/kernel";
import { InMemoryBlobStore, type InMemoryPersistence } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { diamondWorkflow, echoStage, parallelWorkflow, workflowOf } from "./helpers/workflows";

/**
 * On a pooled database a blob read inside a transaction needs a second connection while the
 * transaction holds one; under load the pool deadlocks. These tests run the kernel with a blob
 * store that refuses any call while one of its transactions is open.
 */
class TransactionGuard {
  open = 0;
  calls = 0;

  wrap(persistence: InMemoryPersistence): Persistence {
    return new Proxy(persistence, {
      get: (target, property, receiver) => {
        if (property !== "withTransaction") {
          const value = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return async <T>(fn: (tx: Persistence) => Promise<T>) => {
          this.open++;
          try {
            return await target.withTransaction(fn);
          } finally {
            this.open--;
          }
        };
      },
    });
  }

  blobStore(inner = new InMemoryBlobStore()): BlobStore {
    const checked =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> => {
        this.calls++;
        if (this.open > 0) throw new Error("blob store used inside a transaction");
        return call(...args);
      };
    return {
      put: checked((key: string, value: unknown) => inner.put(key, value)),
      get: checked((key: string) => inner.get(key)) as BlobStore["get"],
      has: checked((key: string) => inner.has(key)),
      delete: checked((key: string) => inner.delete(key)),
      list: checked((prefix: string) => inner.list(prefix)),
    };
  }
}

function guarded(workflows: Parameters<typeof createHarness>[0]) {
  const guard = new TransactionGuard();
  const h = createHarness(workflows, {
    wrapPersistence: (p) => guard.wrap(p),
    blobStore: guard.blobStore(),
  });
  return { h, guard };
}

describe("blob store calls happen outside transactions", () => {
  it("linear and diamond runs complete without a blob call inside a transaction", async () => {
    const { h, guard } = guarded([diamondWorkflow()]);
    const runId = await h.create("diamond", { n: 1 });
    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toMatchObject({ by: "d" });
    expect(guard.calls).toBeGreaterThan(0);
  });

  it("a parallel last group completes the run after the commit of its last stage", async () => {
    const { h } = guarded([parallelWorkflow()]);
    const runId = await h.create("parallel", { n: 3 });
    await h.claim();
    const x = await h.dequeue("w1");
    const y = await h.dequeue("w2");
    if (x === undefined || y === undefined) throw new Error("no jobs");
    await h.execute(x);
    expect((await h.run(runId)).status).toBe("RUNNING");
    await h.execute(y);
    const run = await h.run(runId);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ x: { by: "x", saw: { n: 3 } }, y: { by: "y", saw: { n: 3 } } });
    expect((await h.events(runId)).filter((e) => e.type === "workflow:completed")).toHaveLength(1);
  });

  it("a parallel last group resumed by stage.pollSuspended completes the run", async () => {
    const { h } = guarded([fanOutWithBatch()]);
    const runId = await h.create("fan-out", { n: 5 });
    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ x: { by: "x", saw: { n: 5 } }, slow: { done: true } });
  });

  it("a run whose completing transition failed is completed by run.reapStuck", async () => {
    const guard = new TransactionGuard();
    let failIn = 0;
    const h = createHarness([parallelWorkflow()], {
      blobStore: guard.blobStore(),
      wrapPersistence: (p) => {
        const wrapped = guard.wrap(p);
        return new Proxy(wrapped, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (property !== "withTransaction") return value;
            return (fn: (tx: Persistence) => Promise<unknown>) => {
              if (failIn > 0 && --failIn === 0) throw new Error("connection lost");
              return value(fn);
            };
          },
        });
      },
    });
    const runId = await h.create("parallel", { n: 4 });
    await h.claim();
    const x = await h.dequeue("w1");
    const y = await h.dequeue("w2");
    if (x === undefined || y === undefined) throw new Error("no jobs");
    await h.execute(x);
    failIn = 3; // y: phase 1, phase 3, then the transition that completes the run fails
    expect(await h.execute(y)).toMatchObject({ outcome: "completed" });
    expect((await h.run(runId)).status).toBe("RUNNING");
    expect((await h.persistence.getStage(runId, "y"))?.status).toBe("COMPLETED");

    h.clock.advance(120_000);
    expect(await h.kernel.dispatch({ type: "run.reapStuck" })).toEqual({ repaired: [runId] });
    const run = await h.run(runId);
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({ x: { by: "x", saw: { n: 4 } }, y: { by: "y", saw: { n: 4 } } });
  });

  it("a redelivered job of a COMPLETED stage returns its output read after the commit", async () => {
    const { h } = guarded([workflowOf("two", [echoStage("a"), echoStage("b")])]);
    const runId = await h.create("two", { n: 6 });
    await h.claim();
    const a = await h.dequeue();
    if (a === undefined) throw new Error("no job");
    const first = await h.execute(a);
    const again = await h.redeliver(runId, "two", "a");
    const leased = await h.dequeue();
    expect(leased?.id).toBe(again.id);
    if (leased === undefined) return;
    const replay = await h.execute(leased, { idempotencyKey: "redeliver-a" });
    expect(replay).toEqual({ outcome: "completed", output: first.output });
    // The result was remembered under the key: a replay returns it without running anything.
    expect(await h.execute(leased, { idempotencyKey: "redeliver-a" })).toEqual(replay);
  });
});

/** `fan-out`: [x, slow] where `slow` suspends once and is ready at its first check. */
function fanOutWithBatch() {
  const slow = defineAsyncBatchStage({
    id: "slow",
    name: "Slow",
    mode: "async-batch",
    schemas: { input: z.unknown(), output: z.object({ done: z.boolean() }), config: z.object({}) },
    async execute() {
      const submittedAt = "2025-01-01T00:00:00.000Z";
      return {
        suspended: true,
        state: { batchId: "b-1", submittedAt, pollInterval: 1_000, maxWaitTime: 60_000 },
        pollConfig: { pollInterval: 1_000, maxWaitTime: 60_000, nextPollAt: new Date(0) },
      };
    },
    async checkCompletion() {
      return { ready: true, output: { done: true } };
    },
  });
  return new WorkflowBuilder("fan-out", "Fan-out", "x and slow", z.unknown(), z.unknown())
    .parallel([echoStage("x"), slow])
    .build();
}
