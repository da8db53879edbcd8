import type { StageTelemetry } from "@stageflow/core";
import type {
  StageAttemptEnd,
  StageAttemptInfo,
  StageAttemptTelemetry,
  Telemetry,
} from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { batchWorkflow, type FakeBatch, linearWorkflow } from "./helpers/workflows";

const RUN_TRACE = {
  traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  tracestate: "congo=t61rcWkgMzE",
};

/** A Telemetry that records every hook call the kernel makes, in order. */
function recordingTelemetry() {
  const calls: string[] = [];
  const starts: StageAttemptInfo[] = [];
  const ends: StageAttemptEnd[] = [];
  const bodies: (StageTelemetry | undefined)[] = [];
  let attempts = 0;
  const stageTelemetry: StageTelemetry = {
    capturesContent: false,
    startAICall: () => ({ end() {} }),
  };
  const telemetry: Telemetry = {
    startRunCreate(info) {
      calls.push(`run.create ${info.workflowId}`);
      return {
        traceContext: RUN_TRACE,
        end(result) {
          calls.push("error" in result ? "run.create failed" : "run.create ok");
        },
      };
    },
    startStageAttempt(kind): StageAttemptTelemetry {
      const n = ++attempts;
      calls.push(`${kind}#${n}`);
      return {
        started(info) {
          starts.push(info);
          calls.push(`${kind}#${n} started ${info.stageId}`);
        },
        async phase(phase, fn) {
          calls.push(`${kind}#${n} ${phase}`);
          const given = phase === "body" ? stageTelemetry : undefined;
          if (phase === "body") bodies.push(given);
          return fn(given);
        },
        traceparent: () =>
          `00-0af7651916cd43dd8448eb211c80319c-00000000000000${String(n).padStart(2, "0")}-01`,
        end(result) {
          ends.push(result);
          calls.push(`${kind}#${n} end ${result.outcome}`);
        },
      };
    },
    eventsPublished(events) {
      calls.push(`published ${events.map((e) => e.event.type).join(",")}`);
    },
  };
  return { telemetry, calls, starts, ends, bodies, stageTelemetry };
}

describe("the telemetry port", () => {
  it("stores the run's trace context and observes each attempt: started, body, commit, end", async () => {
    const rec = recordingTelemetry();
    const h = createHarness([linearWorkflow()], { telemetry: rec.telemetry });
    const runId = await h.create("linear", { text: "a b c" });
    expect(await h.run(runId)).toMatchObject(RUN_TRACE);
    await h.claim();
    const [job] = await h.runDueJobs();
    expect(job?.outcome).toBe("completed");
    expect(rec.calls).toEqual([
      "run.create linear",
      "run.create ok",
      "execute#1",
      "execute#1 started a",
      "execute#1 body",
      "execute#1 commit",
      "execute#1 end completed",
      ...rec.calls.slice(7),
    ]);
    expect(rec.starts[0]).toMatchObject({
      workflowId: "linear",
      workflowRunId: runId,
      stageId: "a",
      attempt: 1,
      runTraceContext: RUN_TRACE,
      queuedAt: h.clock.now(),
      startedAt: h.clock.now(),
      adopted: false,
    });
    expect(rec.bodies[0]).toBe(rec.stageTelemetry);
  });

  it("ends a rejected run.create with its error and stores nothing", async () => {
    const rec = recordingTelemetry();
    const h = createHarness([linearWorkflow()], { telemetry: rec.telemetry });
    await expect(h.create("missing", {})).rejects.toMatchObject({ code: "WORKFLOW_NOT_FOUND" });
    expect(rec.calls).toEqual(["run.create missing", "run.create failed"]);
    expect(await h.persistence.listRuns({})).toEqual([]);
  });

  it("stores the submitting attempt's traceparent on a suspended stage and links the check to it", async () => {
    const rec = recordingTelemetry();
    const batch: FakeBatch = { next: "ready", checks: 0 };
    const h = createHarness([batchWorkflow(batch)], { telemetry: rec.telemetry });
    const runId = await h.create("batch", { text: "doc" });
    await h.claim();
    await h.runDueJobs();
    const stage = await h.persistence.getStage(runId, "embed");
    expect(stage?.status).toBe("SUSPENDED");
    const submit = rec.starts.findIndex((s) => s.stageId === "embed");
    const submitN = submit + 1;
    expect(stage?.traceparent).toBe(
      `00-0af7651916cd43dd8448eb211c80319c-00000000000000${String(submitN).padStart(2, "0")}-01`,
    );
    expect(rec.ends[submit]).toEqual({
      outcome: "suspended",
      error: undefined,
      willRetry: undefined,
      reason: undefined,
      batch: { id: "batch-1" },
    });
    h.clock.advance(60_000);
    await h.kernel.dispatch({ type: "stage.pollSuspended" });
    const check = rec.starts.at(-1);
    expect(check).toMatchObject({
      stageId: "embed",
      link: stage?.traceparent,
      batch: { id: "batch-1" },
      runTraceContext: RUN_TRACE,
    });
    expect(rec.calls.slice(-4)).toEqual([
      `check#${rec.starts.length} started embed`,
      `check#${rec.starts.length} body`,
      `check#${rec.starts.length} commit`,
      `check#${rec.starts.length} end completed`,
    ]);
  });

  it("reports every published event after the flush marks it", async () => {
    const rec = recordingTelemetry();
    const h = createHarness([linearWorkflow()], { telemetry: rec.telemetry });
    const runId = await h.create("linear", { text: "a" });
    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    await h.events(runId);
    const published = rec.calls.filter((c) => c.startsWith("published ")).join(",");
    expect(published).toContain("workflow:created");
    expect(published).toContain("workflow:completed");
  });

  it("calls nothing and stores no trace context without the option", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "a" });
    const run = await h.drive(runId);
    expect(run).toMatchObject({ status: "COMPLETED", traceparent: null, tracestate: null });
  });
});
