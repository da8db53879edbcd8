import { defineAsyncBatchStage } from "@stageflow/core";
import type { Persistence } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { echoStage, workflowOf } from "./helpers/workflows";

/** A view of `persistence` whose transactions throw on the writes `refuse` picks. */
function refusing(
  persistence: Persistence,
  refuse: (method: string, args: readonly unknown[]) => boolean,
): Persistence {
  const wrap = (target: Persistence, inTransaction: boolean): Persistence =>
    new Proxy(target, {
      get(object, property) {
        if (property === "withTransaction") {
          return <T>(fn: (tx: Persistence) => Promise<T>) =>
            object.withTransaction((tx) => fn(wrap(tx, true)));
        }
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (inTransaction && refuse(String(property), args)) {
            return Promise.reject(new Error(`the database refused ${String(property)}`));
          }
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  return wrap(persistence, false);
}

const completesStage = (method: string, args: readonly unknown[]) =>
  method === "updateStage" && (args[1] as { status?: string } | undefined)?.status === "COMPLETED";

describe("an outcome that cannot be committed", () => {
  it("counts as a failed attempt: the stage's retry policy ends it after maxAttempts runs", async () => {
    let runs = 0;
    const stage = echoStage("a", { retry: { maxAttempts: 3 }, onExecute: () => void runs++ });
    const h = createHarness([workflowOf("one", [stage])], {
      wrapPersistence: (p) => refusing(p, completesStage),
    });
    const runId = await h.create("one", {});
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");
    expect(await h.execute(job)).toMatchObject({ outcome: "failed", willRetry: true });
    const run = await h.drive(runId);
    expect(runs).toBe(3);
    expect(run.status).toBe("FAILED");
    const stored = await h.persistence.getStage(runId, "a");
    expect(stored).toMatchObject({ status: "FAILED", attempt: 3 });
    expect(stored?.error).toMatchObject({ code: "COMPLETION_NOT_COMMITTED" });
    expect(stored?.error?.message).toContain("the database refused updateStage");
  });

  it("rejects the dispatch and changes nothing when recording the failure is refused too (an outage)", async () => {
    let down = false;
    const stage = echoStage("a", {
      onExecute: () => {
        down = true;
      },
    });
    const h = createHarness([workflowOf("one", [stage])], {
      wrapPersistence: (p) => refusing(p, () => down),
    });
    const runId = await h.create("one", {});
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");
    await expect(h.execute(job)).rejects.toThrow(/the database refused getRun/);
    expect(await h.persistence.getStage(runId, "a")).toMatchObject({
      status: "RUNNING",
      attempt: 1,
      error: null,
    });
    expect(await h.persistence.getJob(job.id)).toMatchObject({ status: "RUNNING", attempt: 1 });
  });
});

describe("a suspended stage whose check returns what cannot be stored", () => {
  it("fails with UnstorableValueError at once instead of completing", async () => {
    let checks = 0;
    const stage = defineAsyncBatchStage({
      id: "b",
      name: "B",
      mode: "async-batch",
      schemas: { input: z.unknown(), output: z.object({ text: z.string() }), config: z.object({}) },
      async execute() {
        return {
          suspended: true,
          state: {
            batchId: "batch-1",
            submittedAt: "2025-01-01T00:00:00.000Z",
            pollInterval: 1_000,
            maxWaitTime: 60_000,
          },
          pollConfig: { pollInterval: 1_000, maxWaitTime: 60_000, nextPollAt: new Date(0) },
        };
      },
      async checkCompletion() {
        checks++;
        return { ready: true, output: { text: "vendor \u0000 text" } };
      },
    });
    const h = createHarness([workflowOf("batchy", [stage])]);
    const runId = await h.create("batchy", {});
    const run = await h.drive(runId);
    expect(checks).toBe(1);
    expect(run.status).toBe("FAILED");
    expect((await h.persistence.getStage(runId, "b"))?.error).toMatchObject({
      code: "UNSTORABLE_VALUE",
      message: expect.stringContaining("output.text contains U+0000"),
    });
  });

  it("keeps the storable log lines of onCancel and drops the others", async () => {
    const stage = defineAsyncBatchStage({
      id: "c",
      name: "C",
      mode: "async-batch",
      schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
      async execute() {
        return {
          suspended: true,
          state: {
            batchId: "batch-2",
            submittedAt: "2025-01-01T00:00:00.000Z",
            pollInterval: 1_000,
            maxWaitTime: 60_000,
          },
          pollConfig: { pollInterval: 1_000, maxWaitTime: 60_000, nextPollAt: new Date(0) },
        };
      },
      async checkCompletion() {
        return { ready: false };
      },
      async onCancel(_state, ctx) {
        ctx.log("INFO", "cancelling the batch");
        ctx.log("INFO", "vendor said \u0000");
      },
    });
    const h = createHarness([workflowOf("cancelled", [stage])]);
    const runId = await h.create("cancelled", {});
    await h.claim();
    await h.runDueJobs();
    expect((await h.persistence.getStage(runId, "c"))?.status).toBe("SUSPENDED");
    await h.kernel.dispatch({ type: "run.cancel", workflowRunId: runId });
    const messages = (await h.persistence.getLogs(runId)).map((log) => log.message);
    expect(messages).toContain("cancelling the batch");
    expect(messages.filter((message) => message.includes("\u0000"))).toEqual([]);
  });
});
