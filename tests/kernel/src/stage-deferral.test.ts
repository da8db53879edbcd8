import { StageDeferredError, StageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { echoStage, workflowOf } from "./helpers/workflows";

describe("a stage body that defers", () => {
  it("is re-run as the same attempt after the delay: no failed attempt, no stage:failed", async () => {
    const attempts: number[] = [];
    let defers = 2;
    const waiting = echoStage("a", {
      retry: { maxAttempts: 1 }, // a failure would end the run: a deferral must not count as one
      onExecute: (_input, attempt) => {
        attempts.push(attempt);
        if (defers-- > 0) throw new StageDeferredError("quota has no capacity", 1_500);
      },
    });
    const h = createHarness([workflowOf("defers", [waiting])]);
    const runId = await h.create("defers", {});
    await h.claim();
    const t0 = h.clock.now().getTime();
    const [first] = await h.runDueJobs();
    expect(first).toEqual({ outcome: "deferred", willRetry: true });

    const [job] = await h.persistence.getJobsByRun(runId);
    expect(job).toMatchObject({ status: "PENDING", attempt: 1, lastError: null });
    expect(job?.availableAt.getTime()).toBe(t0 + 1_500);
    const [stage] = await h.persistence.getStagesByRun(runId);
    expect(stage).toMatchObject({ status: "PENDING", attempt: 1, error: null });
    expect(await h.runDueJobs()).toEqual([]); // not due before the delay

    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect(attempts).toEqual([1, 1, 1]);
    const events = await h.events(runId);
    expect(events.filter((e) => e.type === "stage:failed")).toEqual([]);
    const logs = await h.persistence.getLogs(runId);
    const deferred = logs.filter((line) => line.message.includes("deferred until"));
    expect(deferred.map((line) => line.level)).toEqual(["INFO", "INFO"]);
    expect(deferred[0]?.message).toMatch(/^Attempt 1 deferred until .*: quota has no capacity$/);
  });

  it("honours any StageflowError with deferred: true and retryAfterMs, capped at a day", async () => {
    class QuotaWait extends StageflowError<"QUOTA_WAIT"> {
      readonly deferred = true as const;
      readonly retryAfterMs = 10 * 86_400_000;
      constructor() {
        super("wait for the quota", { code: "QUOTA_WAIT", retryable: true });
      }
    }
    const h = createHarness([
      workflowOf("long", [
        echoStage("a", {
          onExecute: () => {
            throw new QuotaWait();
          },
        }),
      ]),
    ]);
    const runId = await h.create("long", {});
    await h.claim();
    const t0 = h.clock.now().getTime();
    expect(await h.runDueJobs()).toEqual([{ outcome: "deferred", willRetry: true }]);
    const [job] = await h.persistence.getJobsByRun(runId);
    expect(job?.availableAt.getTime()).toBe(t0 + 86_400_000);
    expect(job?.attempt).toBe(1);
  });

  it("treats an error with deferred but no valid retryAfterMs as an ordinary failure", async () => {
    const h = createHarness([
      workflowOf("bad", [
        echoStage("a", {
          retry: { maxAttempts: 1 },
          onExecute: () => {
            throw Object.assign(new StageflowError("odd", { code: "ODD" }), {
              deferred: true,
              retryAfterMs: Number.NaN,
            });
          },
        }),
      ]),
    ]);
    const runId = await h.create("bad", {});
    const run = await h.drive(runId);
    expect(run.status).toBe("FAILED");
    expect(run.error?.code).toBe("ODD");
  });
});
