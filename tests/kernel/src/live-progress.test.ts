import { defineStage, type StageContext } from "@stageflow/core";
import type { Persistence, StageflowLogger, StageProgressWrite } from "@stageflow/kernel";
import type { InMemoryPersistence } from "@stageflow/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { deferred } from "./helpers/manual";
import { workflowOf } from "./helpers/workflows";

type Step = (ctx: StageContext<unknown, unknown>) => void;

/** A stage that runs `steps` one at a time: each runs, signals `reached[i]`, then waits for `gates[i]`. */
function steppedStage(steps: readonly Step[]) {
  const reached = steps.map(() => deferred());
  const gates = steps.map(() => deferred());
  const stage = defineStage({
    id: "work",
    name: "Work",
    schemas: { input: z.unknown(), output: z.string(), config: z.object({}) },
    async execute(ctx) {
      for (const [i, step] of steps.entries()) {
        step(ctx as StageContext<unknown, unknown>);
        reached[i]?.resolve();
        await gates[i]?.promise;
      }
      ctx.onProgress({ progress: 0.9, message: "last" });
      return { output: "done" };
    },
  });
  return { stage, reached, gates };
}

/** Counts `recordStageProgress` calls and their results; `hold` delays the write until released. */
function countingProgress(options: { fail?: boolean; hold?: Promise<void> } = {}) {
  const calls: { write: StageProgressWrite; result?: boolean }[] = [];
  const wrap = (persistence: InMemoryPersistence): Persistence =>
    new Proxy(persistence, {
      get(object, property) {
        if (property === "recordStageProgress") {
          return async (write: StageProgressWrite) => {
            const call: { write: StageProgressWrite; result?: boolean } = { write };
            calls.push(call);
            await options.hold;
            if (options.fail) throw new Error("database unavailable");
            call.result = await object.recordStageProgress(write);
            return call.result;
          };
        }
        const value: unknown = Reflect.get(object, property, object);
        return typeof value === "function" ? value.bind(object) : value;
      },
    });
  return { calls, wrap };
}

const report =
  (progress: number, message: string): Step =>
  (ctx) =>
    ctx.onProgress({ progress, message, details: { at: message } });

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("live progress of a running stage", () => {
  it("is visible through getRunDetail while the body runs, throttled by the kernel's clock", async () => {
    const { stage, reached, gates } = steppedStage([
      report(0.1, "one"),
      report(0.2, "two"),
      report(0.3, "three"),
    ]);
    const counter = countingProgress();
    const h = createHarness([workflowOf("live", [stage])], { wrapPersistence: counter.wrap });
    const runId = await h.create("live", {});
    await h.claim();
    const job = await h.dequeue("w1");
    if (job === undefined) throw new Error("no job");
    const running = h.execute(job);
    const detailOf = async () => {
      const detail = await h.kernel.query.getRunDetail(runId);
      return detail?.stages.find((s) => s.stageId === "work");
    };

    await reached[0]?.promise;
    expect(counter.calls).toHaveLength(1);
    await settle();
    const first = await detailOf();
    expect(first).toMatchObject({
      status: "RUNNING",
      progress: { progress: 0.1, message: "one", details: { at: "one" } },
    });
    const startedVersion = (await h.persistence.getStage(runId, "work"))?.version;

    // Within the interval: not written.
    h.clock.advance(500);
    gates[0]?.resolve();
    await reached[1]?.promise;
    await settle();
    expect(counter.calls).toHaveLength(1);
    expect((await detailOf())?.progress).toMatchObject({ progress: 0.1, message: "one" });

    // Past the interval since the first write: written.
    h.clock.advance(600);
    gates[1]?.resolve();
    await reached[2]?.promise;
    expect(counter.calls).toHaveLength(2);
    await settle();
    expect(await detailOf()).toMatchObject({
      status: "RUNNING",
      progress: { progress: 0.3, message: "three" },
    });
    expect((await h.persistence.getStage(runId, "work"))?.version).toBe(startedVersion);
    expect(counter.calls.map((c) => c.result)).toEqual([true, true]);
    expect(counter.calls[0]?.write).toMatchObject({ attempt: 1, jobId: job.id, workerId: "w1" });

    // The last report (within the interval) is committed with the outcome.
    gates[2]?.resolve();
    expect(await running).toEqual({ outcome: "completed", output: "done" });
    expect(counter.calls).toHaveLength(2);
    expect(await detailOf()).toMatchObject({
      status: "COMPLETED",
      progress: { progress: 0.9, message: "last" },
    });
    const progressEvents = (await h.events(runId)).filter((e) => e.type === "stage:progress");
    expect(progressEvents.map((e) => (e as { message?: string }).message)).toEqual([
      "one",
      "two",
      "three",
      "last",
    ]);
  });

  it("writes nothing live for a body that reports no progress", async () => {
    const counter = countingProgress();
    const { stage } = steppedStage([]);
    const quiet = defineStage({ ...stage, execute: async () => ({ output: "done" }) });
    const h = createHarness([workflowOf("quiet", [quiet])], { wrapPersistence: counter.wrap });
    const runId = await h.create("quiet", {});
    expect((await h.drive(runId)).status).toBe("COMPLETED");
    expect(counter.calls).toHaveLength(0);
    expect((await h.persistence.getStage(runId, "work"))?.progress).toBeNull();
  });

  it("waits for a write in flight before the outcome commits, so none lands after it", async () => {
    const hold = deferred();
    const counter = countingProgress({ hold: hold.promise });
    const { stage } = steppedStage([]);
    const h = createHarness([workflowOf("held", [stage])], { wrapPersistence: counter.wrap });
    const runId = await h.create("held", {});
    await h.claim();
    const job = await h.dequeue("w1");
    if (job === undefined) throw new Error("no job");
    let finished = false;
    const running = h.execute(job).finally(() => {
      finished = true;
    });
    await settle();
    // The body reported "last" and returned; the completion waits for the held write.
    expect(counter.calls).toHaveLength(1);
    expect(finished).toBe(false);
    expect((await h.persistence.getStage(runId, "work"))?.status).toBe("RUNNING");
    hold.resolve();
    expect(await running).toEqual({ outcome: "completed", output: "done" });
    expect(counter.calls[0]?.result, "the write ran before the completion").toBe(true);
    expect(await h.persistence.getStage(runId, "work")).toMatchObject({
      status: "COMPLETED",
      progress: { progress: 0.9, message: "last" },
    });
  });

  it("a failing write is logged and never fails the stage", async () => {
    const warnings: string[] = [];
    const logger: StageflowLogger = {
      info: () => {},
      debug: () => {},
      error: () => {},
      warn: (_obj, msg) => warnings.push(msg ?? ""),
    };
    const counter = countingProgress({ fail: true });
    const { stage } = steppedStage([]);
    const h = createHarness([workflowOf("failing", [stage])], {
      wrapPersistence: counter.wrap,
      logger,
    });
    const runId = await h.create("failing", {});
    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(counter.calls).toHaveLength(1);
    expect(warnings).toEqual([
      "could not store a running stage's progress; it is stored with the outcome",
    ]);
    expect((await h.persistence.getStage(runId, "work"))?.progress).toEqual({
      progress: 0.9,
      message: "last",
    });
  });

  it("a retry starts without the progress the failed attempt wrote", async () => {
    const attempts: number[] = [];
    const gate = deferred();
    const reached = deferred();
    const flaky = defineStage({
      id: "work",
      name: "Work",
      retry: { maxAttempts: 2, backoff: { initialDelayMs: 1 } },
      schemas: { input: z.unknown(), output: z.string(), config: z.object({}) },
      async execute(ctx) {
        attempts.push(ctx.attempt);
        if (ctx.attempt === 1) {
          ctx.onProgress({ progress: 0.5, message: "attempt one" });
          throw new Error("boom");
        }
        reached.resolve();
        await gate.promise;
        return { output: "done" };
      },
    });
    const h = createHarness([workflowOf("retry", [flaky])]);
    const runId = await h.create("retry", {});
    await h.claim();
    const first = await h.dequeue("w1");
    if (first === undefined) throw new Error("no job");
    expect((await h.execute(first)).outcome).toBe("failed");
    expect((await h.persistence.getStage(runId, "work"))?.progress).toMatchObject({
      message: "attempt one",
    });
    h.clock.advance(60_000);
    const second = await h.dequeue("w1");
    if (second === undefined) throw new Error("no retry job");
    const running = h.execute(second);
    await reached.promise;
    expect(await h.persistence.getStage(runId, "work")).toMatchObject({
      status: "RUNNING",
      attempt: 2,
      progress: null,
    });
    gate.resolve();
    expect((await running).outcome).toBe("completed");
    expect(attempts).toEqual([1, 2]);
  });
});
