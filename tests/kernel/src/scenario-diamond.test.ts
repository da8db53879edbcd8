import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { diamondWorkflow } from "./helpers/workflows";

describe("scenario: diamond a → [b, c] → d", () => {
  it("fans out a's output to b and c, and gives d an object keyed by b and c", async () => {
    const h = createHarness([diamondWorkflow()]);
    const runId = await h.create("diamond", { n: 7 });
    const run = await h.drive(runId);
    const a = { by: "a", saw: { n: 7 } };
    expect(run.status).toBe("COMPLETED");
    expect(run.output).toEqual({
      by: "d",
      saw: { b: { by: "b", saw: a }, c: { by: "c", saw: a } },
    });
    const stages = await h.persistence.getStagesByRun(runId);
    expect(stages.map((s) => [s.stageId, s.groupIndex, s.status])).toEqual([
      ["a", 1, "COMPLETED"],
      ["b", 2, "COMPLETED"],
      ["c", 2, "COMPLETED"],
      ["d", 3, "COMPLETED"],
    ]);
    const types = (await h.events(runId)).map((e) => e.type);
    expect(types.filter((t) => t === "stage:completed")).toHaveLength(4);
    expect(types.at(-1)).toBe("workflow:completed");
  });
});
