import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { runCluster } from "../src/cluster";
import { dropSchema, targetFromEnv } from "../src/database";

// Postgres at STAGEFLOW_PG_URL (default postgres://postgres@127.0.0.1:5432/test), in a schema of
// its own that is dropped afterwards.
const target = {
  ...targetFromEnv(),
  schema: `stageflow_mw_test_${randomBytes(4).toString("hex")}`,
};

describe("several workers on Postgres", () => {
  afterAll(async () => {
    await dropSchema(target);
  });

  it("completes every run after one worker is SIGKILLed mid-stage", async () => {
    const report = await runCluster({ target, workers: 3, runs: 6, workMs: 300 });

    expect(report.killed).toMatch(/^worker-[123]$/);
    expect(report.runs.map((r) => r.status)).toEqual(Array(6).fill("COMPLETED"));
    // The stage the killed worker was executing was finished by a surviving worker.
    expect(report.takenOver.length).toBeGreaterThanOrEqual(1);
    for (const stage of report.takenOver) {
      expect(stage.finishedBy).toBeDefined();
      expect(stage.finishedBy).not.toBe(report.killed);
    }
    // Every run's output records the worker that completed each of its four stages.
    for (const run of report.runs) {
      const output = run.output as { executedBy: Record<string, string> };
      expect(Object.keys(output.executedBy).sort()).toEqual([
        "classify",
        "draft",
        "finalize",
        "parse",
      ]);
    }
    // Every stage of every run finished somewhere (the killed one's in-flight stage elsewhere).
    const completions = Object.values(report.finishedBy).reduce((a, b) => a + b, 0);
    expect(completions).toBeGreaterThanOrEqual(6 * 4);
  });
});
