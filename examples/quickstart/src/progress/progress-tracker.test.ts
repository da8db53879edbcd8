import { describe, expect, it } from "vitest";
import { formatMs, ProgressTracker } from "./progress-tracker";

const base = { workflowId: "document-pipeline", timestamp: "2030-01-01T00:00:00.000Z" };

describe("ProgressTracker", () => {
  it("aggregates each stage over the runs and notes lifecycle changes", () => {
    const tracker = new ProgressTracker([
      { id: "extract", name: "Extract" },
      { id: "embed", name: "Embed" },
    ]);
    const notes: string[] = [];
    tracker.onNote((n) => notes.push(`${n.documentId}/${n.stageId ?? "-"}: ${n.text}`));
    tracker.addRun("r1", "doc-a");
    tracker.addRun("r2", "doc-b", { extract: "completed" });

    tracker.apply({
      ...base,
      workflowRunId: "r1",
      type: "stage:started",
      stageId: "extract",
      stageName: "Extract",
      groupIndex: 1,
      attempt: 1,
    });
    tracker.apply({
      ...base,
      workflowRunId: "r1",
      type: "stage:progress",
      stageId: "extract",
      progress: 0.5,
      message: "half",
    });
    tracker.apply({
      ...base,
      workflowRunId: "r2",
      type: "stage:suspended",
      stageId: "embed",
      nextPollAt: base.timestamp,
    });
    tracker.apply({ ...base, workflowRunId: "other", type: "workflow:cancelled", reason: null });

    const [extract, embed] = tracker.lines();
    expect(extract).toMatchObject({
      progress: 0.75,
      completed: 1,
      running: 1,
      latest: "doc-a: half",
    });
    expect(embed).toMatchObject({ suspended: 1, completed: 0, total: 2 });
    expect(notes).toEqual([
      "doc-a/extract: started",
      "doc-b/embed: suspended: waiting on the provider's batch",
    ]);

    tracker.apply({
      ...base,
      workflowRunId: "r1",
      type: "workflow:completed",
      output: {},
      duration: 1200,
      totalCost: 0,
      totalTokens: 0,
    });
    expect(tracker.counts()).toEqual({ total: 2, completed: 1, failed: 0 });
    expect(notes.at(-1)).toBe("doc-a/-: run completed in 1.2 s");
  });

  it("formats durations", () => {
    expect([formatMs(850), formatMs(1234), formatMs(184_000)]).toEqual([
      "850 ms",
      "1.2 s",
      "3 min 4 s",
    ]);
  });
});
