import { defineStage } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "./helpers/harness";
import { echoStage, workflowOf } from "./helpers/workflows";

describe("scenario: rerun a diamond from its parallel group", () => {
  it("re-executes the parallel group and later ones, keeps earlier outputs for ctx.require", async () => {
    const executions: string[] = [];
    const track = (id: string) => echoStage(id, { onExecute: () => void executions.push(id) });
    const d = defineStage({
      id: "d",
      name: "D",
      dependencies: ["a"],
      schemas: { input: z.unknown(), output: z.unknown(), config: z.object({}) },
      async execute(ctx) {
        executions.push("d");
        const storage = await ctx.storage.load<number>("runs");
        await ctx.storage.save("runs", (storage ?? 0) + 1);
        return {
          output: { input: ctx.input, a: ctx.require("a"), storageBefore: storage ?? null },
        };
      },
    });
    const h = createHarness([workflowOf("diamond", [track("a"), [track("b"), track("c")], d])]);
    const runId = await h.create("diamond", "seed");
    const first = await h.drive(runId);
    expect(first.status).toBe("COMPLETED");

    const { deletedStages } = await h.kernel.dispatch({
      type: "run.rerunFrom",
      workflowRunId: runId,
      fromStageId: "c",
    });
    expect(deletedStages).toEqual(["b", "c", "d"]);
    const second = await h.drive(runId);

    expect(second.status).toBe("COMPLETED");
    expect(executions.filter((id) => id === "a")).toHaveLength(1);
    expect(executions.filter((id) => id === "b")).toHaveLength(2);
    expect(executions.filter((id) => id === "d")).toHaveLength(2);
    const a = { by: "a", saw: "seed" };
    expect(second.output).toEqual({
      input: { b: { by: "b", saw: a }, c: { by: "c", saw: a } },
      a,
      storageBefore: null, // the deleted stage's storage went with it
    });
    const completed = (await h.events(runId)).filter((e) => e.type === "workflow:completed");
    expect(completed).toHaveLength(2);
  });
});
