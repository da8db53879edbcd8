import type { Telemetry } from "@stageflow/kernel";
import { afterEach, describe, expect, it } from "vitest";
import { createStageflow } from "../src/index";
import { sqliteDatabase, type TestDatabase } from "./fixtures/databases";
import { WORKFLOWS, wordCount } from "./fixtures/workflows";

/** A Telemetry that records what the kernel reports (what `otelTelemetry()` would trace). */
function recordingTelemetry() {
  const seen: string[] = [];
  const telemetry: Telemetry = {
    startRunCreate: (info) => ({
      traceContext: null,
      end: (result) =>
        seen.push(`run.create ${info.workflowId} ${"error" in result ? "error" : "ok"}`),
    }),
    startStageAttempt: () => {
      let stage = "";
      return {
        started: (info) => {
          stage = info.stageId;
        },
        phase: (_phase, fn) => fn(undefined),
        traceparent: () => null,
        end: (result) => seen.push(`stage ${stage} ${result.outcome}`),
      };
    },
    eventsPublished: (events) => {
      for (const { event } of events)
        if (event.type === "workflow:completed") seen.push("published workflow:completed");
    },
  };
  return { telemetry, seen };
}

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.cleanup();
});

describe("createStageflow({ telemetry })", () => {
  it("hands the telemetry to the kernel: run creation, each stage attempt, published events", async () => {
    db = sqliteDatabase();
    const { telemetry, seen } = recordingTelemetry();
    const sf = await createStageflow({ database: db.url, workflows: WORKFLOWS, telemetry });
    try {
      const run = await sf.run(wordCount, { text: "one two" });
      await run.result({ timeoutMs: 60_000 });
      for (let i = 0; i < 200 && !seen.includes("published workflow:completed"); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await sf.close();
    }
    expect(seen.filter((line) => !line.startsWith("published"))).toEqual([
      "run.create word-count ok",
      "stage split completed",
      "stage count completed",
    ]);
    expect(seen).toContain("published workflow:completed");
  });
});
