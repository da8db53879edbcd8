import { defineStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { deferred } from "./helpers/manual";
import { workflowOf } from "./helpers/workflows";

function gated(id: string, gate: Promise<void>, started: () => void) {
  return defineStage({
    id,
    name: id,
    schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
    async execute() {
      started();
      await gate;
      return { output: id };
    },
  });
}

describe("scenario: racing transitions", () => {
  it("two parallel stages finishing at once advance the run exactly once", async () => {
    const gate = deferred();
    let started = 0;
    const bothStarted = deferred();
    const onStart = () => {
      started++;
      if (started === 2) bothStarted.resolve();
    };
    const h = createHarness([
      workflowOf("race", [
        [gated("p", gate.promise, onStart), gated("q", gate.promise, onStart)],
        gated("z", Promise.resolve(), () => {}),
      ]),
    ]);
    const runId = await h.create("race", {});
    await h.claim();
    const p = await h.dequeue("w1");
    const q = await h.dequeue("w2");
    if (p === undefined || q === undefined) throw new Error("no jobs");
    const running = Promise.all([h.execute(p), h.execute(q)]);
    await bothStarted.promise;
    gate.resolve();
    expect((await running).map((r) => r.outcome)).toEqual(["completed", "completed"]);

    const zJobs = (await h.persistence.getJobsByRun(runId)).filter((j) => j.stageId === "z");
    expect(zJobs).toHaveLength(1);
    expect((await h.run(runId)).currentGroup).toBe(2);
    const run = await h.drive(runId);
    expect(run.status).toBe("COMPLETED");
    expect((await h.events(runId)).filter((e) => e.type === "workflow:completed")).toHaveLength(1);
  });

  it("run.transition racing the last job's completion produces one workflow:completed", async () => {
    const gate = deferred();
    const begun = deferred();
    const h = createHarness([
      workflowOf("solo", [gated("only", gate.promise, () => begun.resolve())]),
    ]);
    const runId = await h.create("solo", {});
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");
    const executing = h.execute(job);
    await begun.promise;
    const transitions = Array.from({ length: 4 }, () =>
      h.kernel.dispatch({ type: "run.transition", workflowRunId: runId }),
    );
    gate.resolve();
    const more = Array.from({ length: 4 }, () =>
      h.kernel.dispatch({ type: "run.transition", workflowRunId: runId }),
    );
    const results = await Promise.all([executing, ...transitions, ...more]);
    expect(results[0]).toMatchObject({ outcome: "completed" });
    expect((await h.run(runId)).status).toBe("COMPLETED");
    expect((await h.events(runId)).filter((e) => e.type === "workflow:completed")).toHaveLength(1);
  });
});
