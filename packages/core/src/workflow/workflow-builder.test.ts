import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  classify,
  DocInput,
  DocOutput,
  embed,
  extract,
  merge,
  summarize,
} from "../__fixtures__/stages";
import { isStageflowError } from "../errors/stageflow-error";
import { defineStage } from "../stage/define-stage";
import type { AnyStage } from "../stage/stage";
import { Workflow } from "./workflow";
import { WorkflowBuilder } from "./workflow-builder";

const base = () => new WorkflowBuilder("docs", "Docs", "Document pipeline", DocInput, DocOutput);

/** Builds from stages the types would reject, to exercise the run-time checks. */
function buildUnchecked(groups: AnyStage[][]) {
  let builder: WorkflowBuilder<typeof DocInput, typeof DocOutput, Record<string, unknown>> = base();
  for (const group of groups) {
    builder = group.length === 1 ? builder.pipe(group[0] as AnyStage) : builder.parallel(group);
  }
  return builder.build();
}

function stage(id: string, dependencies: string[] = []): AnyStage {
  return defineStage({
    id,
    name: id,
    dependencies,
    schemas: { input: "none", output: z.object({}), config: z.object({}) },
    async execute() {
      return { output: {} };
    },
  });
}

function definitionError(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isStageflowError(error)) return error;
    throw error;
  }
  throw new Error("expected a WorkflowDefinitionError");
}

describe("WorkflowBuilder", () => {
  it("builds groups in order, numbered from 1", () => {
    const workflow = base().pipe(extract).parallel([classify, summarize]).pipe(merge).build();
    expect(workflow).toBeInstanceOf(Workflow);
    const plan = workflow.getExecutionPlan();
    expect(plan.map((g) => g.index)).toEqual([1, 2, 3]);
    expect(plan.map((g) => g.stages.map((s) => s.id))).toEqual([
      ["extract"],
      ["classify", "summarize"],
      ["merge"],
    ]);
  });

  it("never mutates: each call returns a new builder", () => {
    const empty = base();
    const one = empty.pipe(extract);
    const two = one.parallel([classify, summarize]);
    expect(one).not.toBe(empty);
    expect(two).not.toBe(one);
    expect(empty.groups).toEqual([]);
    expect(one.groups.map((g) => g.map((s) => s.id))).toEqual([["extract"]]);
    expect(two.groups).toHaveLength(2);
    expect(Object.isFrozen(empty)).toBe(true);
    expect(Object.isFrozen(two.groups)).toBe(true);
  });

  it("lets two branches share a prefix without interfering", () => {
    const prefix = base().pipe(extract);
    const a = prefix.pipe(classify).build();
    const b = prefix.pipe(summarize).build();
    expect(a.getStageIds()).toEqual(["extract", "classify"]);
    expect(b.getStageIds()).toEqual(["extract", "summarize"]);
  });

  it("does not see later changes to the array given to parallel", () => {
    const stages: AnyStage[] = [stage("a"), stage("b")];
    const builder = base().parallel(stages);
    stages.push(stage("c"));
    expect(builder.build().getStageIds()).toEqual(["a", "b"]);
  });

  it("accepts async-batch stages", () => {
    expect(base().pipe(embed).build().getStage("embed")?.mode).toBe("async-batch");
  });

  it("rejects an empty or whitespace id or name", () => {
    for (const [id, name] of [
      ["", "Docs"],
      ["  ", "Docs"],
      ["docs", ""],
      ["docs", " "],
    ] as const) {
      const error = definitionError(() => new WorkflowBuilder(id, name, "", DocInput, DocOutput));
      expect(error.code).toBe("INVALID_WORKFLOW_DEFINITION");
    }
  });

  it("rejects an empty parallel group at once", () => {
    const error = definitionError(() => base().pipe(extract).parallel([]));
    expect(error).toMatchObject({ code: "EMPTY_PARALLEL_GROUP", workflowId: "docs" });
    expect(error.message).toMatch(/group 2/);
  });

  it("rejects a workflow with no stages", () => {
    const error = definitionError(() => base().build());
    expect(error).toMatchObject({ code: "EMPTY_WORKFLOW", workflowId: "docs" });
  });

  it("rejects a duplicate stage id across groups and within a group", () => {
    const across = definitionError(() => buildUnchecked([[stage("a")], [stage("a")]]));
    expect(across).toMatchObject({ code: "DUPLICATE_STAGE_ID", stageId: "a" });
    expect(across.message).toMatch(/"a" is used more than once/);
    const within = definitionError(() => buildUnchecked([[stage("b"), stage("b")]]));
    expect(within).toMatchObject({ code: "DUPLICATE_STAGE_ID", stageId: "b" });
  });

  it("rejects an unknown dependency, naming the stage", () => {
    const error = definitionError(() => buildUnchecked([[stage("a")], [stage("b", ["ghost"])]]));
    expect(error).toMatchObject({ code: "UNKNOWN_DEPENDENCY", stageId: "b" });
    expect(error.message).toMatch(/"b" depends on "ghost"/);
  });

  it("rejects a dependency in the same group", () => {
    const error = definitionError(() => buildUnchecked([[stage("a"), stage("b", ["a"])]]));
    expect(error).toMatchObject({ code: "DEPENDENCY_NOT_BEFORE", stageId: "b" });
    expect(error.message).toMatch(/group 1.*"a" \(group 1\)/);
  });

  it("rejects a dependency in a later group", () => {
    const error = definitionError(() => buildUnchecked([[stage("b", ["a"])], [stage("a")]]));
    expect(error).toMatchObject({ code: "DEPENDENCY_NOT_BEFORE", stageId: "b" });
  });

  it("rejects a malformed stage object that bypassed defineStage", () => {
    const forged = { ...stage("forged"), execute: undefined } as unknown as AnyStage;
    const error = definitionError(() => buildUnchecked([[forged]]));
    expect(error).toMatchObject({ code: "INVALID_STAGE_DEFINITION", stageId: "forged" });
  });
});
