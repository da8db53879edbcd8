import { WorkflowBuilder } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness } from "./helpers/harness";
import { echoStage, workflowOf } from "./helpers/workflows";

const budgeted = new WorkflowBuilder("budgeted", "Budgeted", "", z.unknown(), z.unknown())
  .pipe(echoStage("a"))
  .budget(0.75)
  .build();

describe("a run's AI budget", () => {
  it("comes from run.create, else from the workflow's default, else is null", async () => {
    const h = createHarness([budgeted, workflowOf("plain", [echoStage("a")])]);
    const create = async (workflowId: string, budgetUsd?: number) =>
      (
        await h.kernel.dispatch({
          type: "run.create",
          workflowId,
          input: {},
          ...(budgetUsd === undefined ? {} : { budgetUsd }),
        })
      ).workflowRunId;
    const named = await create("budgeted", 2);
    const byDefault = await create("budgeted");
    const free = await create("plain");
    const zero = await create("plain", 0);
    expect((await h.run(named)).budgetUsd).toBe(2);
    expect((await h.run(byDefault)).budgetUsd).toBe(0.75);
    expect((await h.run(free)).budgetUsd).toBeNull();
    expect((await h.run(zero)).budgetUsd).toBe(0);
  });

  it("refuses a malformed budget with a typed error and writes nothing", async () => {
    const h = createHarness([workflowOf("plain", [echoStage("a")])]);
    for (const budgetUsd of [-1, Number.NaN, Number.POSITIVE_INFINITY, "1" as unknown as number]) {
      const error = await expectStageflowError(
        h.kernel.dispatch({ type: "run.create", workflowId: "plain", input: {}, budgetUsd }),
      );
      expect(error.code).toBe("INVALID_COMMAND");
      expect(error.message).toContain("budgetUsd");
    }
    expect((await h.kernel.query.listRuns({})).runs).toEqual([]);
  });

  it("is refused at build() when the workflow's default is not a number >= 0", () => {
    const builder = new WorkflowBuilder("w", "W", "", z.unknown(), z.unknown()).pipe(
      echoStage("a"),
    );
    expect(() => builder.budget(-0.5).build()).toThrow(
      expect.objectContaining({ code: "INVALID_WORKFLOW_DEFINITION" }),
    );
    // Builders never mutate: the original has no budget.
    expect(builder.build().budgetUsd).toBeUndefined();
    expect(builder.budget(1).pipe(echoStage("b")).build().budgetUsd).toBe(1);
  });
});
