import type { Persistence } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { InMemoryJobTransport, InMemoryPersistence } from "../src/index";

const now = new Date("2025-01-01T00:00:00.000Z");
const runInput = { workflowId: "wf", input: {}, config: {}, priority: 5, metadata: null, now };

describe("in-memory adapters (beyond the conformance suites)", () => {
  it("throws a clear error instead of deadlocking when a root method is used inside a transaction", async () => {
    const persistence = new InMemoryPersistence();
    const transport = new InMemoryJobTransport(persistence);
    await expect(persistence.withTransaction(() => persistence.listRuns({}))).rejects.toThrow(
      /would deadlock/,
    );
    await expect(
      persistence.withTransaction(() => transport.dequeue({ workerId: "w", limit: 1, now })),
    ).rejects.toThrow(/use the transaction object/);
    expect(await persistence.listRuns({})).toEqual([]);
  });

  it("allows root calls from work the transaction started but did not await, once it ended", async () => {
    const persistence = new InMemoryPersistence();
    let later: Promise<unknown> = Promise.resolve();
    await persistence.withTransaction(async (tx) => {
      await tx.createRun(runInput);
      later = Promise.resolve().then(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return persistence.listRuns({});
      });
    });
    expect(await later).toHaveLength(1);
  });

  it("refuses a transaction object used after its transaction ended", async () => {
    const persistence = new InMemoryPersistence();
    let leaked: Persistence | undefined;
    await persistence.withTransaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.listRuns({})).rejects.toThrow(/after its transaction ended/);
  });

  it("serializes transactions in call order", async () => {
    const persistence = new InMemoryPersistence();
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        persistence.withTransaction(async () => {
          order.push(n);
          await new Promise((resolve) => setImmediate(resolve));
          order.push(n);
        }),
      ),
    );
    expect(order).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it("needs the root persistence for a job transport", async () => {
    const persistence = new InMemoryPersistence();
    await persistence.withTransaction(async (tx) => {
      expect(() => new InMemoryJobTransport(tx as InMemoryPersistence)).toThrow(
        /root InMemoryPersistence/,
      );
    });
  });

  it("breaks ties of equal priority and createdAt by insertion order (deterministic tests)", async () => {
    const persistence = new InMemoryPersistence();
    const transport = new InMemoryJobTransport(persistence);
    const run = await persistence.createRun(runInput);
    const jobs = await persistence.enqueueJobs(
      ["c", "a", "b"].map((stageId) => ({
        workflowRunId: run.id,
        workflowId: "wf",
        stageId,
        priority: 5,
        attempt: 1,
        maxAttempts: 3,
        now,
      })),
    );
    const leased = await transport.dequeue({ workerId: "w", limit: 3, now });
    expect(leased.map((j) => j.stageId)).toEqual(["c", "a", "b"]);
    expect(leased.map((j) => j.id)).toEqual(jobs.map((j) => j.id));
  });

  it("keeps a listener failure from failing the commit", async () => {
    const persistence = new InMemoryPersistence();
    const transport = new InMemoryJobTransport(persistence);
    await transport.subscribe(() => {
      throw new Error("listener bug");
    });
    const run = await persistence.createRun(runInput);
    const jobs = await transport.enqueue([
      {
        workflowRunId: run.id,
        workflowId: "wf",
        stageId: "a",
        priority: 5,
        attempt: 1,
        maxAttempts: 3,
        now,
      },
    ]);
    expect(jobs).toHaveLength(1);
    await transport.close();
  });
});
