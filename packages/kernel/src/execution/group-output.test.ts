import type { ExecutionGroup } from "@stageflow/core";
import { isStageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { groupOutput } from "./group-output";

const stage = (id: string) =>
  ({
    id,
    schemas: { input: "none", output: z.unknown(), config: z.object({}) },
  }) as unknown as ExecutionGroup["stages"][number];

describe("groupOutput", () => {
  it("is the stage's output for a group of one", () => {
    expect(groupOutput({ index: 1, stages: [stage("a")] }, { a: { n: 1 } }, "b")).toEqual({ n: 1 });
  });

  it("is an object keyed by stage id for a parallel group", () => {
    const group = { index: 2, stages: [stage("b"), stage("c")] };
    expect(groupOutput(group, { b: 1, c: 2, a: 0 }, "d")).toEqual({ b: 1, c: 2 });
  });

  it("names every missing upstream stage", () => {
    const group = { index: 2, stages: [stage("b"), stage("c")] };
    try {
      groupOutput(group, { b: 1 }, "d");
      expect.unreachable();
    } catch (error) {
      expect(isStageflowError(error) && error.code).toBe("MISSING_UPSTREAM_OUTPUT");
      expect((error as Error).message).toBe(
        'Cannot build the input of stage "d": no stored output for upstream stage "c".',
      );
    }
  });
});
